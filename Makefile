# kuberules — a facade of one-line targets; anything longer lives in scripts/.
.DEFAULT_GOAL := help
SWIFT ?= swift

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 10

run: ## Build and render the bundled example cluster (fixtures/example) for node-1
	@scripts/run-example.sh

test: ## Install missing tools (as root), build, and run every test (kernel tests too, as root)
	@scripts/test.sh

golden: ## Re-record every golden file (the run still fails, so review `git diff fixtures`)
	@UPDATE_GOLDEN=1 scripts/test.sh

release: ## Build the release binary (static Swift runtime) and print its directory
	@scripts/release.sh

bench: ## Benchmark render on synthetic 1k/10k/30k-service clusters; writes benchmarks/results.md
	@scripts/bench.sh

lab: ## Real-packet lab in network namespaces (root)
	@scripts/lab.sh

fuzz: ## Run the libFuzzer target for a bounded time
	@scripts/fuzz.sh

.PHONY: help run test golden release bench lab fuzz
