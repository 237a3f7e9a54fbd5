#!/usr/bin/env bash
# consumer_check.sh BUILD_DIR SOURCE_DIR WORK_DIR
# Installs the build into WORK_DIR/prefix, builds tests/consumer against it
# twice, with find_package(qzone) and with pkg-config, and runs both under
# mpiexec with 3 ranks.
set -euo pipefail
build_dir=$1 source_dir=$2 work_dir=$3
rm -rf "$work_dir"
cmake --install "$build_dir" --prefix "$work_dir/prefix" > /dev/null
cmake -S "$source_dir/tests/consumer" -B "$work_dir/build" -DCMAKE_PREFIX_PATH="$work_dir/prefix" \
      -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$work_dir/build" -j 2
mpiexec -n 3 "$work_dir/build/consumer"

# --prefix is set at install time, so point pkg-config at the installed file.
libdir=$(find "$work_dir/prefix" -name qzone.pc -printf '%h\n' | head -n 1)
flags=$(PKG_CONFIG_PATH="$libdir" pkg-config --define-variable=prefix="$work_dir/prefix" --cflags --libs --static qzone)
mpicxx -std=c++17 "$source_dir/tests/consumer/consumer.cpp" $flags -o "$work_dir/consumer-pkg-config"
mpiexec -n 3 "$work_dir/consumer-pkg-config" | sed 's/^consumer:/consumer (pkg-config):/' 
