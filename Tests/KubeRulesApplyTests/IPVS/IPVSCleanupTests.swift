import KubeRules
import Testing
@testable import KubeRulesApply

/// `cleanup --proxy-mode ipvs` with a scripted host: kube-proxy's order (virtual servers, device,
/// rules, sets), only what kuberules owns.
@Suite struct IPVSCleanupTests {
    typealias C = IPVSCommands
    typealias Step = ScriptedCommandRunner.Step

    /// A fake netfilter holding `config`'s companion rules and jump rules, as after an apply.
    static func appliedRules(_ config: IPVSConfig) throws -> FakeNetfilter {
        let netfilter = FakeNetfilter()
        let backend = RestoreBackend(variant: .legacy, runner: FakeIptablesRunner(netfilter: netfilter))
        try RestoreApplier(backend: backend, counters: netfilter).apply(config.iptables)
        return netfilter
    }

    @Test func removesOwnedServersTheDeviceTheRulesAndTheSetsInThatOrder() throws {
        let config = try IPVSTestConfig.clusterIP()
        let theirs = "-A -t 192.0.2.10:80 -s wlc\n-a -t 192.0.2.10:80 -r 10.1.1.1:80 -g -w 1\n"
        let userSet = "create USER-SET hash:ip family inet hashsize 1024 maxelem 65536\nadd USER-SET 198.51.100.7\n"
        let runner = IPVSTestRunner([
            .ok(C.probe, stdout: C.procIPVS),
            .ok(C.ipsetSave, stdout: userSet + IPVSTestConfig.savedIPSets(config)),
            .ok(C.links, stdout: IPVSTestConfig.linksWithDevice),
            .ok(C.addresses, stdout: IPVSTestConfig.deviceAddresses(["172.30.0.41", "172.30.0.42"])),
            .ok(C.ipvsSave, stdout: theirs + IPVSadmRenderer.render(config)),
            .ok(C.ipvsRestore),
            .ok(C.ipvsSave, stdout: theirs),
            .ok(C.deleteDevice),
            .ok(C.ipsetRestore),
        ], netfilter: try Self.appliedRules(config))
        let report = try runner.applier().cleanup(family: .ipv4)

        #expect(runner.script.remainingSteps.isEmpty)
        let scripted = runner.commands.filter { !$0[0].hasPrefix("iptables") }
        #expect(scripted == [C.probe, C.ipsetSave, C.links, C.addresses, C.ipvsSave, C.ipvsRestore, C.ipvsSave, C.deleteDevice, C.ipsetRestore])
        // The rules go after the device and before the sets (a set in use cannot be destroyed).
        let firstRestore = try #require(runner.commands.firstIndex(of: C.restore))
        #expect(firstRestore > runner.commands.firstIndex(of: C.deleteDevice)!)
        #expect(firstRestore < runner.commands.firstIndex(of: C.ipsetRestore)!)
        #expect(runner.input(of: C.ipvsRestore) == "-D -t 172.30.0.41:80\n-D -t 172.30.0.42:80\n-D -t 172.30.0.42:443\n")
        #expect(runner.input(of: C.ipsetRestore) == KubeIPSet.allCases.map { "destroy \($0.rawValue)\n" }.joined())
        for name in [TableName.nat, .filter] {
            let table = try #require(runner.netfilter.table(name))
            #expect(table == .empty(name), "\(name.rawValue) holds nothing of kube-proxy's any more")
        }
        #expect(report.summary == "IPVS: 3 removed, kube-ipvs0: deleted, nat: 13 changes, filter: 18 changes, ipsets: 17 removed")
    }

    @Test func withoutIPVSItStillRemovesRulesAndSets() throws {
        let config = try IPVSTestConfig.clusterIP()
        let runner = IPVSTestRunner([
            Step(C.probe, C.noProcIPVS),
            .ok(C.ipsetSave, stdout: IPVSTestConfig.savedIPSets(config)),
            .ok(C.links, stdout: IPVSTestConfig.linksWithoutDevice),
            .ok(C.ipsetRestore),
        ], netfilter: try Self.appliedRules(config))
        let report = try runner.applier().cleanup(family: .ipv4)
        #expect(runner.script.remainingSteps.isEmpty)
        #expect(!runner.commands.contains(C.ipvsSave), "no IPVS table to read")
        #expect(report.summary.hasPrefix("IPVS: not in this kernel, kube-ipvs0: absent, "))
        #expect(runner.netfilter.table(.nat) == .empty(.nat))
    }

    @Test func aDualStackDeviceKeepsTheOtherFamilysAddresses() throws {
        let runner = IPVSTestRunner([
            Step(C.probe, C.noProcIPVS),
            .ok(C.ipsetSave),
            .ok(C.links, stdout: IPVSTestConfig.linksWithDevice),
            .ok(C.addresses, stdout: IPVSTestConfig.deviceAddresses(["172.30.0.41", "fd00:30::41"])),
            .ok(C.batch),
        ])
        try runner.applier().cleanup(family: .ipv4)
        #expect(runner.script.remainingSteps.isEmpty)
        #expect(runner.input(of: C.batch) == "address del 172.30.0.41/32 dev kube-ipvs0\n")
        #expect(!runner.commands.contains(C.deleteDevice))
    }

    @Test func aFailingStepIsNamedAndTheRestIsLeft() throws {
        let config = try IPVSTestConfig.clusterIP()
        let runner = IPVSTestRunner([
            Step(C.probe, C.noProcIPVS),
            .ok(C.ipsetSave, stdout: IPVSTestConfig.savedIPSets(config)),
            .ok(C.links, stdout: IPVSTestConfig.linksWithoutDevice),
            Step(C.ipsetRestore, CommandResult(status: 1, stdout: "", stderr: "ipset v7.17: Error in line 2: Set cannot be destroyed: it is in use by a kernel component\n")),
        ], netfilter: try Self.appliedRules(config))
        let error = try #require(throws: ApplyError.self) { try runner.applier().cleanup(family: .ipv4) }
        guard case .stepFailed("cleanup", IPVSApplier.Step.ipsets, _, nil) = error else {
            Issue.record("expected the ipsets step, got \(error)")
            return
        }
        #expect(error.description.contains("input line 2: destroy KUBE-CLUSTER-IP"))
        #expect(error.description.contains("the steps before it stay done; fix the cause and run the cleanup again"))
    }
}
