/**
 * Expected names come from the projects' own tests: kube-proxy's
 * TestOverallIPTablesRules (pkg/proxy/iptables/proxier_test.go) and the
 * portmap plugin's "generates a correct standard container chain"
 * (plugins/meta/portmap/portmap_iptables_test.go).
 */
import { describe, expect, it } from 'vitest';
import { endpointChain, portmapChain, serviceChains, servicePortName } from './chain-names.js';

describe('kube-proxy chain names', () => {
  it.each([
    ['ns1', 'svc1', 'XPGD46QRK7WJZT7O'],
    ['ns2', 'svc2', 'GNZBNJ2PO5MGZ6GT'],
    ['ns3', 'svc3', 'X27LE4BHSL4DOUIK'],
    ['ns4', 'svc4', '4SW47YFZTEDKD3PK'],
    ['ns5', 'svc5', 'NUKIZ6OKUXPJNT4C'],
  ])('%s/%s:p80 over tcp hashes to %s', (namespace, name, hash) => {
    expect(serviceChains(servicePortName(namespace, name, 'p80'), 'tcp')).toEqual({
      cluster: `KUBE-SVC-${hash}`,
      local: `KUBE-SVL-${hash}`,
      external: `KUBE-EXT-${hash}`,
      firewall: `KUBE-FW-${hash}`,
    });
  });

  it.each([
    ['ns1/svc1:p80', '10.180.0.1:80', 'KUBE-SEP-SXIVWICOYRO3J4NJ'],
    ['ns2/svc2:p80', '10.180.0.2:80', 'KUBE-SEP-RS4RBKLTHTF2IUXJ'],
    ['ns3/svc3:p80', '10.180.0.3:80', 'KUBE-SEP-OYPFS5VJICHGATKP'],
    ['ns4/svc4:p80', '10.180.0.4:80', 'KUBE-SEP-UKSFD7AGPMPPLUHC'],
    ['ns4/svc4:p80', '10.180.0.5:80', 'KUBE-SEP-C6EBXVWJJZMIWKLZ'],
    ['ns5/svc5:p80', '10.180.0.3:80', 'KUBE-SEP-I77PXRDZVX7PMWMN'],
  ])('%s endpoint %s is %s', (servicePort, endpoint, chain) => {
    expect(endpointChain(servicePort, 'tcp', endpoint)).toBe(chain);
  });

  it('joins the port name only when there is one', () => {
    expect(servicePortName('default', 'web', '')).toBe('default/web');
    expect(servicePortName('default', 'web', 'http')).toBe('default/web:http');
  });
});

describe('portmap chain names', () => {
  const containerId =
    'icee6giejonei6sohng6ahngee7laquohquee9shiGo7fohferakah3Feiyoolu2pei7ciPhoh7shaoX6vai3vuf0ahfaeng8yohb9ceu0daez5hashee8ooYai5wa3y';
  it.each([
    ['testNetName', 'CNI-DN-bfd599665540dd91d5d28'],
    ['test', 'CNI-DN-67e92b96e692a494b6b85'],
  ])('network %s', (network, chain) => {
    expect(portmapChain(network, containerId)).toBe(chain);
  });
});
