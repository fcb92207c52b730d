import sys

from sammanhallen.data_import.providers.cli import main

sys.exit(main())
