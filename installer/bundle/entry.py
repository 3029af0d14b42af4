"""The bundle's entry point: the same `madoguchi` command as the installed package."""

from ui.cli import main

if __name__ == "__main__":
    main()
