/// Reads one `-A` (service) or `-a` (destination) line of `ipvsadm-save` output.
struct IPVSLineReader {
    struct Failure: Error {
        var message: String
        var expected: String?
        var column: Int
    }

    private var tokens: [(text: String, column: Int)] = []
    private var index = 0
    private let endColumn: Int

    init(line: String) {
        var column = 1
        var current = ""
        var start = 1
        for character in line {
            if character == " " || character == "\t" {
                if !current.isEmpty { tokens.append((current, start)) }
                current = ""
            } else {
                if current.isEmpty { start = column }
                current.append(character)
            }
            column += 1
        }
        if !current.isEmpty { tokens.append((current, start)) }
        endColumn = column
    }

    private mutating func next(_ what: String) throws(Failure) -> (text: String, column: Int) {
        guard index < tokens.count else { throw Failure(message: "missing \(what)", expected: what, column: endColumn) }
        index += 1
        return tokens[index - 1]
    }

    private mutating func number(_ what: String, in range: ClosedRange<Int>) throws(Failure) -> Int {
        let token = try next(what)
        guard let value = Int(token.text), range.contains(value) else {
            throw Failure(message: "invalid \(what) '\(token.text)'", expected: "an integer in \(range.lowerBound)-\(range.upperBound)", column: token.column)
        }
        return value
    }

    /// The service option and address: `-t|-u|--sctp-service ADDR:PORT` or `-f MARK`.
    private mutating func service() throws(Failure) -> (String, String) {
        let option = try next("-t, -u, --sctp-service or -f")
        switch option.text {
        case "-t", "--tcp-service", "-u", "--udp-service", "--sctp-service":
            let address = try next("ADDRESS:PORT")
            guard Self.isHostPort(address.text) else {
                throw Failure(message: "invalid service address '\(address.text)'", expected: "ADDRESS:PORT or [IPv6]:PORT", column: address.column)
            }
            let canonical = ["--tcp-service": "-t", "--udp-service": "-u"][option.text] ?? option.text
            return (canonical, address.text)
        case "-f", "--fwmark-service":
            return ("-f", String(try number("firewall mark", in: 1...Int(UInt32.max))))
        default:
            throw Failure(message: "unknown service option '\(option.text)'", expected: "-t, -u, --sctp-service or -f", column: option.column)
        }
    }

    mutating func read(into services: inout [IPVSSavedService]) throws(Failure) {
        let command = try next("-A or -a")
        switch command.text {
        case "-A", "--add-service":
            let (option, address) = try service()
            var saved = IPVSSavedService(protocolOption: option, address: address)
            while index < tokens.count {
                let token = tokens[index]
                index += 1
                switch token.text {
                case "-s", "--scheduler": saved.scheduler = try next("scheduler name").text
                case "-p", "--persistent": saved.persistence = try number("persistence timeout", in: 1...Int(UInt32.max))
                case "-M", "--netmask", "-b", "--sched-flags", "--pe":
                    saved.options.append("\(token.text) \(try next("\(token.text) value").text)")
                case "-o", "--ops": saved.options.append(token.text)
                default:
                    throw Failure(message: "unknown service option '\(token.text)'", expected: "-s, -p, -M, -b, -o or --pe", column: token.column)
                }
            }
            if services.contains(where: { $0.key == saved.key }) {
                throw Failure(message: "service \(saved.key) appears twice", expected: "each service once", column: command.column)
            }
            services.append(saved)
        case "-a", "--add-server":
            let (option, address) = try service()
            let key = "\(option) \(address)"
            guard let owner = services.firstIndex(where: { $0.key == key }) else {
                throw Failure(message: "destination for unknown service \(key)", expected: "its '-A \(key)' line first", column: command.column)
            }
            var real = IPVSSavedRealServer(address: "")
            var sawServer = false
            while index < tokens.count {
                let token = tokens[index]
                index += 1
                switch token.text {
                case "-r", "--real-server":
                    let server = try next("real server ADDRESS:PORT")
                    guard Self.isHostPort(server.text) else {
                        throw Failure(message: "invalid real server '\(server.text)'", expected: "ADDRESS:PORT or [IPv6]:PORT", column: server.column)
                    }
                    real.address = server.text
                    sawServer = true
                case "-m", "--masquerading", "-g", "--gatewaying", "-i", "--ipip":
                    real.forwarding = ["--masquerading": "-m", "--gatewaying": "-g", "--ipip": "-i"][token.text] ?? token.text
                case "-w", "--weight": real.weight = try number("weight", in: 0...65535)
                case "-x", "--u-threshold", "-y", "--l-threshold", "--tun-type", "--tun-port", "--tun-nocsum", "--tun-csum", "--tun-remcsum":
                    if token.text.hasSuffix("csum") { real.options.append(token.text) } else {
                        real.options.append("\(token.text) \(try next("\(token.text) value").text)")
                    }
                default:
                    throw Failure(message: "unknown destination option '\(token.text)'", expected: "-r, -m, -g, -i, -w, -x or -y", column: token.column)
                }
            }
            guard sawServer else { throw Failure(message: "destination without -r", expected: "-r ADDRESS:PORT", column: endColumn) }
            services[owner].realServers.append(real)
        default:
            throw Failure(message: "unknown command '\(command.text)'", expected: "-A (a service) or -a (a destination)", column: command.column)
        }
    }

    /// `a.b.c.d:port` or `[v6]:port`.
    static func isHostPort(_ text: String) -> Bool {
        guard let (_, port) = ChainWalker.hostPort(text), let port else { return false }
        return (0...65535).contains(port)
    }
}
