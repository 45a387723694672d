import KubeRulesCLI

AllocatorTuning.apply()
KubeRulesCommand.main()
