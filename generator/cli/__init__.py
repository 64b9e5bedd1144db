"""The command line on top of the pipeline: ``main`` (validate, build, serve, schema), and the maintainers'
helpers ``scaffold`` (``new``), ``fieldguide`` and ``summary`` (the pull-request check's Chinese summary)."""
