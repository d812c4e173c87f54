from postchain_tui.cli import main

raise SystemExit(main())
