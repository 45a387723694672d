import KubeRules
import Testing
@testable import KubeRulesApply

/// IPVS-mode apply with a scripted host: the exact commands run, in order, with their input, for
/// a kernel without IPVS, a first apply, a second one, a changed one, and a failing one. The
/// iptables part runs against a fake netfilter, so its commits and undos are real.
@Suite struct IPVSApplierTests {
    typealias C = IPVSCommands
    typealias Step = ScriptedCommandRunner.Step

    /// What a first apply to an empty namespace with IPVS runs, up to and including `ipvsadm -R`.
    static func firstApplySteps(_ config: IPVSConfig) -> [Step] {
        [
            .ok(C.probe, stdout: C.procIPVS),
            .ok(C.ipsetSave),
            .ok(C.ipvsSave),
            .ok(C.links, stdout: IPVSTestConfig.linksWithoutDevice),
            .ok(C.addDevice),
            .ok(C.ipsetRestore),
            .ok(C.ipvsRestore),
        ]
    }

    @Test func withoutIPVSNothingIsRunButTheCheck() throws {
        let config = try IPVSTestConfig.clusterIP()
        let runner = IPVSTestRunner([Step(C.probe, C.noProcIPVS)])
        let error = try #require(throws: ApplyError.self) { try runner.applier().apply(config) }
        guard case .noIPVS(.current, let detail) = error else {
            Issue.record("expected noIPVS, got \(error)")
            return
        }
        #expect(detail == "/proc/net/ip_vs does not exist")
        #expect(error.description.contains("the kernel has no IPVS (ip_vs module)"))
        #expect(error.description.contains("load it with `modprobe ip_vs` or use --proxy-mode iptables; nothing was changed"))
        #expect(runner.commands == [C.probe])
        #expect(runner.netfilter.committed.isEmpty)

        // A dry run stops at the same place.
        let again = IPVSTestRunner([Step(C.probe, C.noProcIPVS)])
        #expect(throws: ApplyError.self) { try again.applier().plan(config) }
        #expect(again.commands == [C.probe])
    }

    @Test func aFirstApplyProgramsSetsRulesVirtualServersAndTheDevice() throws {
        let config = try IPVSTestConfig.clusterIP()
        let runner = IPVSTestRunner(
            Self.firstApplySteps(config) + [
                .ok(C.ipvsSave, stdout: IPVSadmRenderer.render(config)),
                .ok(C.batch),
            ])
        let plan = try runner.applier().apply(config)

        #expect(runner.script.remainingSteps.isEmpty)
        #expect(runner.commands == [
            C.probe, C.ipsetSave, C.ipvsSave, C.links, C.saveNat, C.saveFilter,
            C.addDevice, C.ipsetRestore, C.saveNat, C.saveFilter, C.restore, C.restore,
            C.ipvsRestore, C.ipvsSave, C.batch,
        ])
        // Every set is new: created and filled exactly as `render --emit ipset` prints them.
        #expect(runner.input(of: C.ipsetRestore) == IPSetRenderer.render(config))
        // Every service is new: added exactly as `render --emit ipvsadm` prints them.
        #expect(runner.input(of: C.ipvsRestore) == IPVSadmRenderer.render(config))
        #expect(runner.input(of: C.batch) == "address add 172.30.0.41/32 dev kube-ipvs0\naddress add 172.30.0.42/32 dev kube-ipvs0\n")
        #expect(plan.createsDevice)

        // The companion rules and kube-proxy's jump rules are in the (fake) kernel.
        let nat = try #require(runner.netfilter.table(.nat))
        #expect(nat[chain: "KUBE-SERVICES"]?.rules == config.iptables[table: .nat]?[chain: "KUBE-SERVICES"]?.rules)
        #expect(nat[chain: "PREROUTING"]?.rules.map(\.target) == [.jump("KUBE-SERVICES")])
        let filter = try #require(runner.netfilter.table(.filter))
        #expect(filter[chain: "INPUT"]?.rules.compactMap(\.target.jumpedChain) == ["KUBE-IPVS-FILTER", "KUBE-PROXY-FIREWALL", "KUBE-NODE-PORT"])
        #expect(plan.summary == "kube-ipvs0: created, ipsets: 25 changes, nat: 18 changes, filter: 22 changes, IPVS: 11 changes, addresses: 2 changes")
    }

    @Test func aDryRunPrintsEachToolsInputAndOnlyReads() throws {
        let config = try IPVSTestConfig.clusterIP()
        let runner = IPVSTestRunner(Array(Self.firstApplySteps(config).prefix(4)))
        let plan = try runner.applier().plan(config)
        #expect(runner.script.remainingSteps.isEmpty)
        #expect(runner.commands == [C.probe, C.ipsetSave, C.ipvsSave, C.links, C.saveNat, C.saveFilter])
        #expect(runner.netfilter.committed.isEmpty)
        #expect(plan.dryRunText(namespace: .named("kr-n1")) == """
            # ip netns exec kr-n1 ip link add kube-ipvs0 type dummy
            # ip netns exec kr-n1 ipset restore
            \(IPSetRenderer.render(config))\
            # ip netns exec kr-n1 iptables-restore --noflush (one run per table)
            \(plan.iptables.restoreText)\
            # ip netns exec kr-n1 ipvsadm -R
            \(IPVSadmRenderer.render(config))\
            # ip netns exec kr-n1 ip -batch -
            address add 172.30.0.41/32 dev kube-ipvs0
            address add 172.30.0.42/32 dev kube-ipvs0

            """)
        #expect(plan.iptables.restoreText.hasPrefix("*nat\n:KUBE-SERVICES - [0:0]\n"))
    }

    @Test func applyingTheSameAgainChangesOnlyTheChainsItRefills() throws {
        let config = try IPVSTestConfig.clusterIP()
        let first = IPVSTestRunner(
            Self.firstApplySteps(config) + [.ok(C.ipvsSave, stdout: IPVSadmRenderer.render(config)), .ok(C.batch)])
        try first.applier().apply(config)
        let rulesAfterFirst = first.netfilter.save()

        let second = IPVSTestRunner([
            .ok(C.probe, stdout: C.procIPVS),
            .ok(C.ipsetSave, stdout: IPVSTestConfig.savedIPSets(config)),
            .ok(C.ipvsSave, stdout: IPVSadmRenderer.render(config)),
            .ok(C.links, stdout: IPVSTestConfig.linksWithDevice),
            .ok(C.addresses, stdout: IPVSTestConfig.deviceAddresses(["172.30.0.41", "172.30.0.42"])),
        ], netfilter: first.netfilter)
        let plan = try second.applier().apply(config)

        #expect(second.script.remainingSteps.isEmpty)
        #expect(second.commands == [
            C.probe, C.ipsetSave, C.ipvsSave, C.links, C.addresses, C.saveNat, C.saveFilter,
            C.saveNat, C.saveFilter, C.restore, C.restore,
        ])
        #expect(plan.changesOnlyRules)
        #expect(!plan.iptables.restoreText.contains("\n-I "), "no jump rule is inserted twice")
        #expect(second.netfilter.save() == rulesAfterFirst)
    }

    @Test func aRemovedServiceLeavesItsSetsServersAndAddressButNotOtherUsersServers() throws {
        let full = try IPVSTestConfig.clusterIP()
        let reduced = try IPVSTestConfig.clusterIP(dropping: ["svc2"])
        let theirs = "-A -t 192.0.2.10:80 -s wlc\n-a -t 192.0.2.10:80 -r 10.1.1.1:80 -g -w 1\n"
        let runner = IPVSTestRunner([
            .ok(C.probe, stdout: C.procIPVS),
            .ok(C.ipsetSave, stdout: IPVSTestConfig.savedIPSets(full)),
            .ok(C.ipvsSave, stdout: IPVSadmRenderer.render(full) + theirs),
            .ok(C.links, stdout: IPVSTestConfig.linksWithDevice),
            .ok(C.addresses, stdout: IPVSTestConfig.deviceAddresses(["172.30.0.41", "172.30.0.42"])),
            .ok(C.ipsetRestore),
            .ok(C.ipvsRestore),
            .ok(C.ipvsSave, stdout: IPVSadmRenderer.render(reduced) + theirs),
            .ok(C.batch),
        ])
        try runner.applier().apply(reduced)

        #expect(runner.script.remainingSteps.isEmpty)
        #expect(runner.input(of: C.ipvsRestore) == "-D -t 172.30.0.42:80\n-D -t 172.30.0.42:443\n")
        #expect(runner.input(of: C.batch) == "address del 172.30.0.42/32 dev kube-ipvs0\n")
        // The changed sets are swapped in whole; the unchanged ones are not touched.
        #expect(runner.input(of: C.ipsetRestore) == """
            create KUBE-KR-TMP-0 hash:ip,port,ip family inet hashsize 1024 maxelem 65536
            add KUBE-KR-TMP-0 10.180.0.1,tcp:8080,10.180.0.1
            swap KUBE-KR-TMP-0 KUBE-LOOP-BACK
            destroy KUBE-KR-TMP-0
            create KUBE-KR-TMP-1 hash:ip,port family inet hashsize 1024 maxelem 65536
            add KUBE-KR-TMP-1 172.30.0.41,tcp:80
            swap KUBE-KR-TMP-1 KUBE-CLUSTER-IP
            destroy KUBE-KR-TMP-1
            create KUBE-KR-TMP-2 hash:ip family inet hashsize 1024 maxelem 65536
            add KUBE-KR-TMP-2 172.30.0.41
            swap KUBE-KR-TMP-2 KUBE-IPVS-IPS
            destroy KUBE-KR-TMP-2

            """)
    }

    @Test func aFailingIpvsadmUndoesTheServersRulesSetsAndDevice() throws {
        let config = try IPVSTestConfig.clusterIP()
        let netfilter = FakeNetfilter()
        let userFilter = Table(name: .filter, chains: Table.empty(.filter).chains.map { chain in
            var chain = chain
            if chain.name == "INPUT" { chain.rules = [Rule([.protocol(.tcp), .destinationPort(22)], .accept)] }
            return chain
        })
        netfilter.install(userFilter)
        let partial = "-A -t 172.30.0.41:80 -s rr\n-a -t 172.30.0.41:80 -r 10.180.0.1:8080 -m -w 1\n-a -t 172.30.0.41:80 -r 10.180.1.1:8080 -m -w 1\n"
        let runner = IPVSTestRunner(
            Array(Self.firstApplySteps(config).dropLast()) + [
                Step(C.ipvsRestore, CommandResult(status: 1, stdout: "", stderr: "Memory allocation problem\n")),
                .ok(C.ipvsSave, stdout: partial),  // read back: only the first service made it
                .ok(C.ipvsSave, stdout: partial),  // undo: what is there now
                .ok(C.ipvsRestore),
                .ok(C.ipvsSave),  // undo read back: gone
                .ok(C.ipsetSave, stdout: IPVSTestConfig.savedIPSets(config)),
                .ok(C.ipsetRestore),
                .ok(C.deleteDevice),
            ], netfilter: netfilter)
        let error = try #require(throws: ApplyError.self) { try runner.applier().apply(config) }

        #expect(runner.script.remainingSteps.isEmpty)
        guard case .stepFailed("apply", IPVSApplier.Step.virtualServers, let cause, let undone) = error else {
            Issue.record("expected a failed step, got \(error)")
            return
        }
        #expect(undone == [IPVSApplier.Step.virtualServers, IPVSApplier.Step.iptables, IPVSApplier.Step.ipsets, IPVSApplier.Step.device])
        #expect(cause.description.contains("`ipvsadm -R` failed (exit status 1)"))
        #expect(cause.description.contains("Memory allocation problem"))
        #expect(cause.description.contains("read back with `ipvsadm -S -n`: service -t 172.30.0.42:80 is missing"))
        #expect(error.description.hasPrefix("IPVS-mode apply failed at step \"IPVS virtual servers\""))
        // Each undo put back what it found changed.
        #expect(runner.invocations.filter { $0.arguments == C.ipvsRestore }.last.map { String(decoding: $0.standardInput, as: UTF8.self) } == "-D -t 172.30.0.41:80\n")
        #expect(runner.input(of: C.ipsetRestore) == KubeIPSet.allCases.map { "destroy \($0.rawValue)\n" }.joined())
        #expect(runner.netfilter.table(.filter) == userFilter)
        #expect(runner.netfilter.table(.nat) == .empty(.nat))
    }

    @Test func aRejectedTableUndoesTheSetsAndTheDevice() throws {
        let config = try IPVSTestConfig.clusterIP()
        let netfilter = FakeNetfilter(rejecting: { _, chain, _ in chain == "KUBE-IPVS-FILTER" ? "Invalid argument" : nil })
        let runner = IPVSTestRunner(
            Array(Self.firstApplySteps(config).dropLast()) + [
                .ok(C.ipsetSave, stdout: IPVSTestConfig.savedIPSets(config)),
                .ok(C.ipsetRestore),
                .ok(C.deleteDevice),
            ], netfilter: netfilter)
        let error = try #require(throws: ApplyError.self) { try runner.applier().apply(config) }
        #expect(runner.script.remainingSteps.isEmpty)
        guard case .stepFailed(_, IPVSApplier.Step.iptables, .rejected(let rejected), let undone) = error else {
            Issue.record("expected the filter table's rejection, got \(error)")
            return
        }
        #expect(rejected.table == .filter)
        #expect(rejected.rolledBack == [.nat], "the iptables applier put nat back itself")
        #expect(undone == [IPVSApplier.Step.ipsets, IPVSApplier.Step.device])
        #expect(!runner.commands.contains(C.ipvsRestore))
        #expect(runner.netfilter.table(.nat) == .empty(.nat))
    }

    @Test func aConfigurationAToolWouldRefuseIsRefusedBeforeAnythingIsRun() throws {
        var config = try IPVSTestConfig.clusterIP()
        config.virtualServers[0].scheduler = "rr\n-C"
        let runner = IPVSTestRunner([])
        let error = try #require(throws: ApplyError.self) { try runner.applier().apply(config) }
        guard case .invalidRuleset(let message) = error else {
            Issue.record("expected invalidRuleset, got \(error)")
            return
        }
        #expect(message.contains("is not an IPVS scheduler"))
        #expect(runner.commands.isEmpty)
    }

    @Test func aSetOfAnotherTypeStopsTheApplyBeforeAnyChange() throws {
        let config = try IPVSTestConfig.clusterIP()
        let runner = IPVSTestRunner([
            .ok(C.probe, stdout: C.procIPVS),
            .ok(C.ipsetSave, stdout: "create KUBE-CLUSTER-IP hash:ip family inet hashsize 1024 maxelem 65536\n"),
            .ok(C.ipvsSave),
            .ok(C.links, stdout: IPVSTestConfig.linksWithoutDevice),
        ])
        let error = try #require(throws: ApplyError.self) { try runner.applier().apply(config) }
        #expect(error == .conflictingState(
            "ipset KUBE-CLUSTER-IP exists as hash:ip family inet, but kube-proxy's is hash:ip,port family inet"
                + " (destroy it, e.g. with `kuberules cleanup --proxy-mode ipvs`, and apply again)"))
        #expect(runner.script.remainingSteps.isEmpty)
        #expect(runner.netfilter.committed.isEmpty)
    }
}
