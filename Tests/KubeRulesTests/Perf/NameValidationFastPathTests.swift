import Foundation
import Testing
@testable import KubeRules

/// The name checks accept valid names in one pass over the bytes before the rules that name a
/// problem: on random names near the rules' edges, a name must be accepted exactly when
/// Kubernetes' regular expressions and length limits
/// (`k8s.io/apimachinery/pkg/util/validation/validation.go`) accept it.
@Suite("name validation fast paths against Kubernetes' regular expressions")
struct NameValidationFastPathTests {
    static let dns1123Label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let dns1035Label = "[a-z]([-a-z0-9]*[a-z0-9])?"
    static let dns1123Subdomain = dns1123Label + "(\\." + dns1123Label + ")*"
    static let labelName = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"

    static func fullMatch(_ pattern: String, _ value: String) -> Bool {
        value.range(of: "^(?:" + pattern + ")$", options: .regularExpression) != nil
    }

    static func qualifiedName(_ value: String) -> Bool {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return fullMatch(labelName, value) && value.utf8.count <= 63
        case 2:
            let prefix = String(parts[0])
            let name = String(parts[1])
            return !prefix.isEmpty && prefix.utf8.count <= 253 && fullMatch(dns1123Subdomain, prefix)
                && fullMatch(labelName, name) && name.utf8.count <= 63
        default: return false
        }
    }

    /// A random name from characters the rules treat differently, sometimes long.
    static func randomName(_ random: inout RandomYAML) -> String {
        let alphabet = ["a", "z", "0", "9", "-", ".", "_", "/", "A", "Z", "é", " ", "x", "b", "1"]
        let length = random.pick([0, 1, 2, 3, 5, 8, 15, 62, 63, 64, 253, 254])
        var name = ""
        for _ in 0..<length { name += random.chance(70) ? random.pick(["a", "b", "1", "x"]) : random.pick(alphabet) }
        return name
    }

    @Test("random names: accepted exactly when Kubernetes' expressions accept them")
    func randomNames() {
        var random = RandomYAML(seed: 99)
        var accepted = 0
        for _ in 0..<3000 {
            let name = Self.randomName(&random)
            let label = Self.fullMatch(Self.dns1123Label, name) && name.utf8.count <= 63
            #expect((NameValidation.dns1123LabelProblem(name) == nil) == label, "dns1123Label \(name)")
            let label1035 = Self.fullMatch(Self.dns1035Label, name) && name.utf8.count <= 63
            #expect((NameValidation.dns1035LabelProblem(name) == nil) == label1035, "dns1035Label \(name)")
            let subdomain = Self.fullMatch(Self.dns1123Subdomain, name) && name.utf8.count <= 253
            #expect((NameValidation.dns1123SubdomainProblem(name) == nil) == subdomain, "dns1123Subdomain \(name)")
            let value = name.isEmpty || (Self.fullMatch(Self.labelName, name) && name.utf8.count <= 63)
            #expect((NameValidation.labelValueProblem(name) == nil) == value, "labelValue \(name)")
            #expect((NameValidation.qualifiedNameProblem(name) == nil) == Self.qualifiedName(name), "qualifiedName \(name)")
            if label || subdomain || value { accepted += 1 }
        }
        #expect(accepted > 300, "only \(accepted) valid names")
    }
}
