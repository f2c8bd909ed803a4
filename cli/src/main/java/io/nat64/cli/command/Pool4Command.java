package io.nat64.cli.command;

import io.nat64.cli.Nat64Command;
import io.nat64.cli.render.Pool4Render;
import io.nat64.gateway.api.Pool4ChangeView;
import io.nat64.gateway.api.Pool4Request;
import io.nat64.gateway.api.Pool4View;
import io.nat64.gateway.api.ProtocolRequest;
import io.nat64.gateway.api.Route;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nat64 pool4 add|remove|display}: the IPv4 transport addresses masks are taken from. Jool's form
 * ({@code pool4 add --tcp 192.0.2.1 61001-65535}) works unchanged; range and protocol may also be left out
 * (61001-65535, and all three protocols).
 */
@Command(
        name = "pool4",
        mixinStandardHelpOptions = true,
        description = "pool4: the IPv4 transport addresses that IPv6 nodes are masked behind.")
public final class Pool4Command {
    @ParentCommand
    @SuppressWarnings("NullAway.Init")
    private Nat64Command nat64;

    @Spec
    @SuppressWarnings("NullAway.Init")
    private CommandSpec spec;

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Add addresses (a prefix) with a port range; no protocol flag: TCP, UDP and ICMP.")
    int add(
            @Mixin ProtocolFlags protocol,
            @Parameters(index = "0", paramLabel = "PREFIX4", description = "An IPv4 address or prefix.") String prefix,
            @Parameters(
                            index = "1",
                            arity = "0..1",
                            paramLabel = "PORT-RANGE",
                            description = "MIN-MAX or one port (default: 61001-65535).")
                    @Nullable
                    String range) {
        nat64.link().call(Route.POOL4_ADD, request(protocol, prefix, range), Pool4ChangeView.class);
        return 0;
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Remove addresses and the BIB entries (with their sessions) that used them.")
    int remove(
            @Mixin ProtocolFlags protocol,
            @Parameters(index = "0", paramLabel = "PREFIX4", description = "An IPv4 address or prefix.") String prefix,
            @Parameters(
                            index = "1",
                            arity = "0..1",
                            paramLabel = "PORT-RANGE",
                            description = "MIN-MAX or one port (default: every port).")
                    @Nullable
                    String range) {
        nat64.link().call(Route.POOL4_REMOVE, request(protocol, prefix, range), Pool4ChangeView.class);
        return 0;
    }

    @Command(name = "display", mixinStandardHelpOptions = true, description = "Print one protocol's pool4.")
    int display(@Mixin ProtocolFlags protocol, @Mixin TableFlags table) {
        List<Pool4View> rows = nat64.link()
                .list(Route.POOL4_DISPLAY, new ProtocolRequest(nat64.instance(), protocol.orTcp()), Pool4View.class);
        Pool4Render.print(nat64.out(), rows == null ? List.of() : rows, table.csv(), table.headers());
        return 0;
    }

    private Pool4Request request(ProtocolFlags protocol, String prefix, @Nullable String range) {
        int[] ports = range == null ? null : Addresses.range(spec, range);
        return new Pool4Request(
                nat64.instance(),
                protocol.given(),
                prefix,
                ports == null ? null : ports[0],
                ports == null ? null : ports[1]);
    }
}
