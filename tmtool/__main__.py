"""``python -m tmtool`` runs the command-line interface."""

from tmtool.cli import main

if __name__ == "__main__":
    main()
