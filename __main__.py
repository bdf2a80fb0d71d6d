from zentrale.cli import main

raise SystemExit(main())
