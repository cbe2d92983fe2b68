from eqia_tui.cli import main

raise SystemExit(main())
