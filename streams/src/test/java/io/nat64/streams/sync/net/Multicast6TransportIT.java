package io.nat64.streams.sync.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;

/** The transport contract over link-scope IPv6 multicast (ff02::x%dev, loopback on). */
class Multicast6TransportIT implements SyncTransportContract {
    @Override
    public List<SyncTransport> pair() {
        Optional<MulticastConfig> c = McastFixture.ipv6();
        assumeTrue(c.isPresent(), "no up, multicast-capable interface with an IPv6 address: IPv6 multicast skipped");
        return List.of(MulticastTransport.open(c.get()), MulticastTransport.open(c.get()));
    }
}
