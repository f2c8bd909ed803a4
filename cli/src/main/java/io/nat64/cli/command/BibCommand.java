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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nat64 bib display|add|remove}: the mappings between IPv6 transport addresses and their pool4 masks. */
@Command(
        name = "bib",
        mixinStandardHelpOptions = true,
        description = "The Binding Information Base: each IPv6 transport address and its IPv4 mask.")
public final class BibCommand {
    @ParentCommand
    @SuppressWarnings("NullAway.Init")
    private Nat64Command nat64;

    @Spec
    @SuppressWarnings("NullAway.Init")
    private CommandSpec spec;

    @Command(name = "display", mixinStandardHelpOptions = true, description = "Print one protocol's BIB.")
    int display(
            @Mixin ProtocolFlags protocol,
            @Option(names = "--numeric", description = "Do not resolve the IPv6 side's names.") boolean numeric,
            @Mixin TableFlags table) {
        List<BibView> entries = nat64.link()
                .list(Route.BIB_DISPLAY, new ProtocolRequest(nat64.instance(), protocol.orTcp()), BibView.class);
        Names names = Names.NUMERIC;
        if (!numeric && entries != null) {
            List<String> addresses = new ArrayList<>(entries.size());
            entries.forEach(e -> addresses.add(e.src6()));
            names = nat64.resolveNames(addresses);
        }
        PrintWriter out = nat64.out();
        BibRender.begin(out, table.csv(), table.headers());
        for (BibView e : entries == null ? List.<BibView>of() : entries) {
            BibRender.entry(out, e, names, table.csv());
        }
        return 0;
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Add a static entry: IPV6ADDR#PORT IPV4ADDR#PORT (the IPv4 side must be in pool4).")
    int add(
            @Mixin ProtocolFlags protocol,
            @Parameters(arity = "2", paramLabel = "TADDR", description = "IP6ADDR#PORT and IP4ADDR#PORT, any order.")
                    List<String> taddrs) {
        BibRequest r = request(protocol.orTcp(), taddrs);
        if (r.src6() == null || r.src4() == null) {
            throw new ParameterException(
                    spec.commandLine(), "bib add needs an IPv6 transport address and an IPv4 transport address");
        }
        nat64.link().call(Route.BIB_ADD, r, BibView.class);
        return 0;
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Remove an entry (static or dynamic) and its sessions, named by either side or both.")
    int remove(
            @Mixin ProtocolFlags protocol,
            @Parameters(arity = "1..2", paramLabel = "TADDR", description = "IP6ADDR#PORT and/or IP4ADDR#PORT.")
                    List<String> taddrs) {
        nat64.link().call(Route.BIB_REMOVE, request(protocol.orTcp(), taddrs), BibView.class);
        return 0;
    }

    private BibRequest request(String protocol, List<String> taddrs) {
        String src6 = null;
        Integer port6 = null;
        String src4 = null;
        Integer port4 = null;
        for (String text : taddrs) {
            Addresses.Taddr t = Addresses.taddr(spec, text);
            if (t.ipv6()) {
                src6 = once(src6, t.address(), "IPv6");
                port6 = t.port();
            } else {
                src4 = once(src4, t.address(), "IPv4");
                port4 = t.port();
            }
        }
        return new BibRequest(nat64.instance(), protocol, src6, port6, src4, port4);
    }

    private String once(@Nullable String previous, String address, String family) {
        if (previous != null) {
            throw new ParameterException(spec.commandLine(), "two " + family + " transport addresses given");
        }
        return address;
    }
}
