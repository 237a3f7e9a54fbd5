#!/usr/bin/env bash
# consumer_check.sh BUILD_DIR SOURCE_DIR WORK_DIR
# Installs the build into WORK_DIR/prefix, builds tests/consumer against it
# with find_package(qzone), and runs the consumer under mpiexec with 3 ranks.
set -euo pipefail
build_dir=$1 source_dir=$2 work_dir=$3
rm -rf "$work_dir"
cmake --install "$build_dir" --prefix "$work_dir/prefix" > /dev/null
cmake -S "$source_dir/tests/consumer" -B "$work_dir/build" -DCMAKE_PREFIX_PATH="$work_dir/prefix" \
      -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$work_dir/build" -j 2
mpiexec -n 3 "$work_dir/build/consumer"
