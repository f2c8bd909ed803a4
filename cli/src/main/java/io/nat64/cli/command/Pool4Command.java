package io.nat64.cli.command;

import io.nat64.cli.Nat64Command;
import io.nat64.cli.render.Pool4Render;
import io.nat64.gateway.api.Pool4ChangeView;
import io.nat64.gateway.api.Pool4Request;
import io.nat64.gateway.api.Pool4View;
import io.nat64.gateway.api.ProtocolRequest;
import io.nat64.gateway.api.Route;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code nat64 pool4 add|remove|display}: the IPv4 transport addresses masks are taken from. Jool's form
 * ({@code pool4 add --tcp 192.0.2.1 61001-65535}) works unchanged; range and protocol may also be left out
 * (61001-65535, and all three protocols).
 */
public final class Pool4Command {
    private final Nat64Command nat64;

    private Pool4Command(Nat64Command nat64) {
        this.nat64 = nat64;
    }

    /** The {@code pool4} mode of {@code nat64}. */
    public static CommandSpec mode(Nat64Command nat64) {
        Pool4Command c = new Pool4Command(nat64);
        return Cmd.mode("pool4", "pool4: the IPv4 transport addresses that IPv6 nodes are masked behind.")
                .sub(Cmd.operation(
                                "add",
                                c::add,
                                "Add addresses (a prefix) with a port range; no protocol flag: TCP, UDP and ICMP.")
                        .protocolFlags()
                        .positional(0, true, "PREFIX4", "An IPv4 address or prefix.")
                        .positional(1, false, "PORT-RANGE", "MIN-MAX or one port (default: 61001-65535)."))
                .sub(Cmd.operation(
                                "remove",
                                c::remove,
                                "Remove addresses and the BIB entries (with their sessions) that used them.")
                        .protocolFlags()
                        .positional(0, true, "PREFIX4", "An IPv4 address or prefix.")
                        .positional(1, false, "PORT-RANGE", "MIN-MAX or one port (default: every port)."))
                .sub(Cmd.operation("display", c::display, "Print one protocol's pool4.")
                        .protocolFlags()
                        .tableFlags())
                .spec();
    }

    private int add(Cmd.Args a) {
        nat64.link().call(Route.POOL4_ADD, request(a), Pool4ChangeView.class);
        return 0;
    }

    private int remove(Cmd.Args a) {
        nat64.link().call(Route.POOL4_REMOVE, request(a), Pool4ChangeView.class);
        return 0;
    }

    private int display(Cmd.Args a) {
        List<Pool4View> rows = nat64.link()
                .list(Route.POOL4_DISPLAY, new ProtocolRequest(nat64.instance(), a.protocolOrTcp()), Pool4View.class);
        Pool4Render.print(nat64.out(), rows, a.csv(), a.headers());
        return 0;
    }

    private Pool4Request request(Cmd.Args a) {
        String range = a.positional(1);
        int[] ports = range == null ? null : Addresses.range(a.spec(), range);
        return new Pool4Request(
                nat64.instance(),
                a.protocol(),
                Objects.requireNonNull(a.positional(0)),
                ports == null ? null : ports[0],
                ports == null ? null : ports[1]);
    }
}
