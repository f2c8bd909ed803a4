package io.nat64.cli.command;

import io.nat64.cli.CliException;
import io.nat64.cli.ExitCode;
import io.nat64.cli.GatewayLink;
import io.nat64.cli.Nat64Command;
import io.nat64.cli.render.SessionTable;
import io.nat64.cli.resolve.Names;
import io.nat64.gateway.api.AdvertiseView;
import io.nat64.gateway.api.FollowView;
import io.nat64.gateway.api.InstanceRequest;
import io.nat64.gateway.api.ProtocolRequest;
import io.nat64.gateway.api.Route;
import io.nat64.gateway.api.SessionView;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/** {@code nat64 session display|follow|advertise|proxy}: the session table, live or as a snapshot. */
@Command(
        name = "session",
        mixinStandardHelpOptions = true,
        description = "Sessions: who is talking to your IPv6 nodes, one entry per connection.",
        subcommands = SessionCommand.Proxy.class)
public final class SessionCommand {
    /** How long a display may wait for each next session before the daemon counts as stuck. */
    static final Duration IDLE = Duration.ofSeconds(30);
    /** Sessions asked for at a time (request(n)) while a display streams. */
    static final int BATCH = 1024;

    @ParentCommand
    @SuppressWarnings("NullAway.Init")
    private Nat64Command nat64;

    @Command(
            name = "display",
            mixinStandardHelpOptions = true,
            description = "Print the session table of one protocol (TCP by default).")
    int display(
            @Mixin ProtocolFlags protocol,
            @Option(names = "--numeric", description = "Do not resolve names (remote addresses and ports).")
                    boolean numeric,
            @Mixin TableFlags table) {
        ProtocolRequest request = new ProtocolRequest(nat64.instance(), protocol.orTcp());
        PrintWriter out = nat64.out();
        if (numeric) {
            // Printed as it arrives, so a table of any size needs no memory; the first element (or the
            // daemon's refusal) comes before any output.
            try (GatewayLink.Cursor<SessionView> sessions =
                    nat64.link().stream(Route.SESSION_DISPLAY, request, SessionView.class, BATCH, IDLE)) {
                SessionView s = sessions.next();
                SessionTable t = new SessionTable(out, Names.NUMERIC, table.csv());
                t.begin(table.headers());
                for (; s != null; s = sessions.next()) {
                    t.add(s);
                }
            }
            return 0;
        }
        List<SessionView> all = nat64.link().list(Route.SESSION_DISPLAY, request, SessionView.class);
        List<String> remote = new ArrayList<>(all.size() * 2);
        for (SessionView s : all) {
            remote.add(s.src6());
            remote.add(s.dst4());
        }
        Names names = nat64.resolveNames(remote);
        SessionTable t = new SessionTable(out, names, table.csv());
        t.begin(table.headers());
        all.forEach(t::add);
        return 0;
    }

    @Command(
            name = "follow",
            mixinStandardHelpOptions = true,
            description = {
                "Print every session update as it happens (creations, state changes, refreshes), one line each,",
                "until interrupted. The instance must have ss-enabled true."
            })
    int follow() {
        PrintWriter out = nat64.out();
        try (GatewayLink.Cursor<FollowView> updates = nat64.link().stream(
                Route.SESSION_FOLLOW, new InstanceRequest(nat64.instance()), FollowView.class, 64, null)) {
            for (FollowView u; (u = updates.next()) != null; ) {
                out.print(u.line() + "\n");
                out.flush();
            }
        }
        return 0;
    }

    @Command(
            name = "advertise",
            mixinStandardHelpOptions = true,
            description = "Announce every session to the session-synchronisation peers (and followers).")
    int advertise() {
        nat64.link().call(Route.SESSION_ADVERTISE, new InstanceRequest(nat64.instance()), AdvertiseView.class);
        return 0;
    }

    /** {@code session proxy}: part of Jool's grammar, not of this build yet. */
    @Command(
            name = "proxy",
            mixinStandardHelpOptions = true,
            description = "Exchange sessions with other nodes over multicast (not available yet in this build).")
    static final class Proxy implements java.util.concurrent.Callable<Integer> {
        @Unmatched
        List<String> ignored = new ArrayList<>();

        @Override
        public Integer call() {
            throw new CliException(
                    ExitCode.NOT_AVAILABLE,
                    "session proxy is not available yet in this build: session synchronisation between nodes"
                            + " comes in a later release");
        }
    }
}
