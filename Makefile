# SPDX-License-Identifier: Apache-2.0
# The two commands: `make demo` and `make test`. Everything else is a convenience.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
GENERATOR := $(shell command -v ninja >/dev/null && echo "-G Ninja")
DEMO_DB ?= var/demo.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps test-deps build build-test test demo bench fuzz fuzz-long package format clean

all: build

deps:
	@bash scripts/install-deps.sh

test-deps:
	@bash scripts/install-deps.sh --test
	@bash scripts/install-node-deps.sh

build: deps
	cmake -S . -B build $(GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNANSEN_TESTS=OFF
	cmake --build build -j $(JOBS)

build-test: test-deps
	cmake -S . -B build-test $(GENERATOR) -DCMAKE_BUILD_TYPE=Debug -DNANSEN_SANITIZE=ON -DNANSEN_WERROR=ON
	cmake --build build-test -j $(JOBS)
	@# The clang tree of the fuzz targets is built here, with the rest, so that the ctest
	@# fixture fuzz.build only checks it is current and the tests themselves stay short.
	FUZZ_BUILD_DIR=$(CURDIR)/build-test/fuzz-tree JOBS=$(JOBS) bash fuzz/run.sh --build

test: build-test
	cd build-test && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 600

demo: build
	@bash scripts/demo.sh build/nansen $(DEMO_DB) $(LISTEN)

bench: test-deps
	cmake -S . -B build-bench $(GENERATOR) -DCMAKE_BUILD_TYPE=Release -DNANSEN_TESTS=OFF -DNANSEN_BENCH=ON
	cmake --build build-bench -j $(JOBS)
	@bash bench/run.sh build-bench

# The Debian package: build-package/nansen_<version>_amd64.deb (scripts/build-deb.sh).
package: deps
	cmake -S . -B build-package $(GENERATOR) -DCMAKE_BUILD_TYPE=Release -DNANSEN_TESTS=OFF
	cmake --build build-package -j $(JOBS) --target nansen
	@bash scripts/build-deb.sh build-package/nansen build-package

# libFuzzer targets (fuzz/targets.cmake), built with clang++ in build-fuzz. `make fuzz`:
# FUZZ_SECONDS (30) each; `make fuzz-long`: FUZZ_RUNS (10000000) executions each, or
# FUZZ_SECONDS when set. Crash inputs land in tests/data/fuzz/<target>/ (fuzz/run.sh).
fuzz: test-deps
	@bash fuzz/run.sh

fuzz-long: test-deps
	@bash fuzz/run.sh --long

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'fuzz/*.cpp')

clean:
	rm -rf build build-test build-bench build-fuzz build-package
