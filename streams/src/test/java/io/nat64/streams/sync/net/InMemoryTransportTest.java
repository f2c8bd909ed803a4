package io.nat64.streams.sync.net;

import java.util.List;

class InMemoryTransportTest implements SyncTransportContract {
    @Override
    public List<SyncTransport> pair() {
        InMemoryTransport.Hub hub = InMemoryTransport.hub();
        return List.of(hub.join(4096), hub.join(4096));
    }
}
