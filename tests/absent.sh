#!/usr/bin/env bash
# Stands in for a suite whose tool was missing when meson configured the build: a suite
# that is expected but cannot run is a failure, never silence (tests/README.md).
# usage: absent.sh SUITE TOOL
echo "Bail out! suite $1 cannot run: $2 was not found when the build was configured" \
	"(install it, e.g. scripts/setup --full, then meson setup --reconfigure)"
exit 1
