"""科普菜单: a static site generator for a catalogue of science-popularisation resources.

The pipeline is load → validate → model → render → MkDocs; :func:`generator.build.build` runs it.
"""
