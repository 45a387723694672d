import Foundation
@testable import KubeRules

/// The JSON twin of ``FormatEquivalenceTests/yaml``: the same objects as `kubectl get -o json` prints them.
extension FormatEquivalenceTests {
    static let json = #"""
        {
            "apiVersion": "v1",
            "kind": "List",
            "items": [
                {
                    "apiVersion": "v1",
                    "kind": "Service",
                    "metadata": {
                        "name": "web",
                        "namespace": "shop",
                        "labels": {
                            "app": "web",
                            "tier": "front"
                        },
                        "annotations": {
                            "note": "line one\nline two\n",
                            "folded": "folded text\n",
                            "wrapped": "single quoted that wraps over two lines",
                            "created": "2018-06-05T23:34:58Z"
                        }
                    },
                    "spec": {
                        "type": "LoadBalancer",
                        "clusterIP": "172.30.0.41",
                        "clusterIPs": [
                            "172.30.0.41"
                        ],
                        "externalIPs": [
                            "192.168.99.11"
                        ],
                        "loadBalancerSourceRanges": [
                            " 203.0.113.0/25 "
                        ],
                        "externalTrafficPolicy": "Local",
                        "healthCheckNodePort": 30000,
                        "allocateLoadBalancerNodePorts": true,
                        "sessionAffinity": "ClientIP",
                        "sessionAffinityConfig": {
                            "clientIP": {
                                "timeoutSeconds": 10800
                            }
                        },
                        "ports": [
                            {
                                "name": "p80",
                                "port": 80,
                                "targetPort": "http",
                                "nodePort": 30001,
                                "protocol": "TCP"
                            },
                            {
                                "name": "p443",
                                "port": 443,
                                "targetPort": 8443,
                                "protocol": "SCTP"
                            }
                        ],
                        "selector": {
                            "app": "web"
                        }
                    },
                    "status": {
                        "loadBalancer": {
                            "ingress": [
                                {
                                    "ip": "1.2.3.4",
                                    "ipMode": "Proxy"
                                }
                            ]
                        }
                    }
                },
                {
                    "apiVersion": "discovery.k8s.io/v1",
                    "kind": "EndpointSlice",
                    "metadata": {
                        "name": "web-abcde",
                        "namespace": "shop",
                        "labels": {
                            "kubernetes.io/service-name": "web"
                        }
                    },
                    "addressType": "IPv4",
                    "endpoints": [
                        {
                            "addresses": [
                                "10.180.0.1"
                            ],
                            "conditions": {
                                "ready": true,
                                "serving": true,
                                "terminating": false
                            },
                            "nodeName": "test-node",
                            "zone": "zone-a",
                            "hints": {
                                "forZones": [
                                    {
                                        "name": "zone-a"
                                    }
                                ]
                            }
                        },
                        {
                            "addresses": [
                                "010.180.000.002"
                            ],
                            "conditions": {
                                "ready": false
                            }
                        }
                    ],
                    "ports": [
                        {
                            "name": "p80",
                            "port": 8080
                        },
                        {
                            "name": "p443",
                            "port": 8443,
                            "protocol": "SCTP"
                        }
                    ]
                },
                {
                    "apiVersion": "v1",
                    "kind": "Endpoints",
                    "metadata": {
                        "name": "legacy",
                        "namespace": "shop"
                    },
                    "subsets": [
                        {
                            "addresses": [
                                {
                                    "ip": "10.180.0.3",
                                    "nodeName": "test-node",
                                    "targetRef": {
                                        "kind": "Pod",
                                        "namespace": "shop",
                                        "name": "legacy-0"
                                    }
                                }
                            ],
                            "notReadyAddresses": [
                                {
                                    "ip": "10.180.0.4"
                                }
                            ],
                            "ports": [
                                {
                                    "port": 53,
                                    "protocol": "UDP"
                                }
                            ]
                        }
                    ]
                },
                {
                    "apiVersion": "v1",
                    "kind": "Node",
                    "metadata": {
                        "name": "test-node",
                        "labels": {
                            "topology.kubernetes.io/zone": "zone-a"
                        }
                    },
                    "spec": {
                        "podCIDRs": [
                            "10.0.1.0/24"
                        ]
                    },
                    "status": {
                        "addresses": [
                            {
                                "type": "InternalIP",
                                "address": "192.168.0.2"
                            },
                            {
                                "type": "Hostname",
                                "address": "test-node"
                            }
                        ]
                    }
                }
            ]
        }
        """#
}
