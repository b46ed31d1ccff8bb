"""Floor 3, load: files and their imports into a world, declarations resolved into linked
programs with canonical code, the static checks (`checks/`), and the checked `Project`
that commands work on.

May import: geometry, syntax."""
