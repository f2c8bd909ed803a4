package io.nat64.cli.command;

import io.nat64.cli.Nat64Command;
import io.nat64.cli.render.BibRender;
import io.nat64.cli.resolve.Names;
import io.nat64.gateway.api.BibRequest;
import io.nat64.gateway.api.BibView;
import io.nat64.gateway.api.ProtocolRequest;
import io.nat64.gateway.api.Route;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code nat64 bib display|add|remove}: the mappings between IPv6 transport addresses and their pool4 masks. */
public final class BibCommand {
    private final Nat64Command nat64;

    private BibCommand(Nat64Command nat64) {
        this.nat64 = nat64;
    }

    /** The {@code bib} mode of {@code nat64}. */
    public static CommandSpec mode(Nat64Command nat64) {
        BibCommand c = new BibCommand(nat64);
        return Cmd.mode("bib", "The Binding Information Base: each IPv6 transport address and its IPv4 mask.")
                .sub(Cmd.operation("display", c::display, "Print one protocol's BIB.")
                        .protocolFlags()
                        .flag("Do not resolve the IPv6 side's names.", "--numeric")
                        .tableFlags())
                .sub(Cmd.operation(
                                "add",
                                c::add,
                                "Add a static entry: IPV6ADDR#PORT IPV4ADDR#PORT (the IPv4 side must be in pool4).")
                        .protocolFlags()
                        .positional(0, true, "TADDR", "IP6ADDR#PORT or IP4ADDR#PORT.")
                        .positional(1, true, "TADDR", "The other one."))
                .sub(Cmd.operation(
                                "remove",
                                c::remove,
                                "Remove an entry (static or dynamic) and its sessions, named by either side or both.")
                        .protocolFlags()
                        .positional(0, true, "TADDR", "IP6ADDR#PORT or IP4ADDR#PORT.")
                        .positional(1, false, "TADDR", "The other one, if wanted."))
                .spec();
    }

    private int display(Cmd.Args a) {
        List<BibView> entries = nat64.link()
                .list(Route.BIB_DISPLAY, new ProtocolRequest(nat64.instance(), a.protocolOrTcp()), BibView.class);
        Names names = Names.NUMERIC;
        if (!a.flag("--numeric")) {
            List<String> addresses = new ArrayList<>(entries.size());
            entries.forEach(e -> addresses.add(e.src6()));
            names = nat64.resolveNames(addresses);
        }
        PrintWriter out = nat64.out();
        BibRender.begin(out, a.csv(), a.headers());
        for (BibView e : entries) {
            BibRender.entry(out, e, names, a.csv());
        }
        return 0;
    }

    private int add(Cmd.Args a) {
        BibRequest r = request(a);
        if (r.src6() == null || r.src4() == null) {
            throw new ParameterException(
                    a.spec().commandLine(), "bib add needs an IPv6 transport address and an IPv4 transport address");
        }
        nat64.link().call(Route.BIB_ADD, r, BibView.class);
        return 0;
    }

    private int remove(Cmd.Args a) {
        nat64.link().call(Route.BIB_REMOVE, request(a), BibView.class);
        return 0;
    }

    private BibRequest request(Cmd.Args a) {
        String src6 = null;
        Integer port6 = null;
        String src4 = null;
        Integer port4 = null;
        for (int k = 0; k < 2; k++) {
            String text = a.positional(k);
            if (text == null) {
                continue;
            }
            Addresses.Taddr t = Addresses.taddr(a.spec(), text);
            if (t.ipv6()) {
                src6 = once(a, src6, t.address(), "IPv6");
                port6 = t.port();
            } else {
                src4 = once(a, src4, t.address(), "IPv4");
                port4 = t.port();
            }
        }
        return new BibRequest(nat64.instance(), a.protocolOrTcp(), src6, port6, src4, port4);
    }

    private static String once(Cmd.Args a, @Nullable String previous, String address, String family) {
        if (previous != null) {
            throw new ParameterException(a.spec().commandLine(), "two " + family + " transport addresses given");
        }
        return address;
    }
}
