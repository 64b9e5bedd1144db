"""Exit codes of every command: 0 success, 1 invalid catalogue or failed build, 2 unusable invocation."""

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
