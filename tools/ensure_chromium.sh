#!/bin/sh
# Browser tests drive Debian's chromium (/usr/bin/chromium). Install it when missing and we may.
set -e
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    exit 0
fi
echo "The browser tests need Chromium at /usr/bin/chromium." >&2
echo "Install it with:  sudo apt-get install -y chromium   (Debian/Ubuntu), then run make test again." >&2
exit 1
