import Foundation

/// Writes one synthetic cluster as YAML and as JSON.
enum Generation {
    static func write(services: Int, lean: Bool, yamlPath: String, jsonPath: String) throws {
        var generator = ClusterGenerator(serviceCount: services, lean: lean)
        let cluster = generator.cluster()
        var yaml = YAMLEmitter(reserving: services * 2_000)
        yaml.document(cluster)
        try Data(yaml.output).write(to: URL(fileURLWithPath: yamlPath))
        var json = JSONEmitter(reserving: services * 3_000)
        json.document(cluster)
        try Data(json.output).write(to: URL(fileURLWithPath: jsonPath))
    }
}
