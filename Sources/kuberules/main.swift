import KubeRulesCLI

KubeRulesCommand.main()
