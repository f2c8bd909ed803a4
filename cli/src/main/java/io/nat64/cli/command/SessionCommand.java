package io.nat64.cli.command;

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
import picocli.CommandLine.Model.CommandSpec;

/** {@code nat64 session display|follow|advertise|proxy}: the session table, live or as a snapshot. */
public final class SessionCommand {
    /** How long a display may wait for each next session before the daemon counts as stuck. */
    static final Duration IDLE = Duration.ofSeconds(30);
    /** Sessions asked for at a time (request(n)) while a display streams. */
    static final int BATCH = 1024;

    private final Nat64Command nat64;

    private SessionCommand(Nat64Command nat64) {
        this.nat64 = nat64;
    }

    /** The {@code session} mode of {@code nat64}. */
    public static CommandSpec mode(Nat64Command nat64) {
        SessionCommand c = new SessionCommand(nat64);
        return Cmd.mode("session", "Sessions: who is talking to your IPv6 nodes, one entry per connection.")
                .sub(Cmd.operation("display", c::display, "Print the session table of one protocol (TCP by default).")
                        .protocolFlags()
                        .flag("Do not resolve names (remote addresses and ports).", "--numeric")
                        .tableFlags())
                .sub(Cmd.operation(
                        "follow",
                        c::follow,
                        "Print every session update as it happens, one line each, until interrupted.",
                        "Creations, state changes and refreshes; the instance must have ss-enabled true."))
                .sub(Cmd.operation(
                        "advertise",
                        c::advertise,
                        "Announce every session to the session-synchronisation peers (and followers)."))
                .sub(io.nat64.cli.proxy.ProxyCommand.operation(nat64))
                .spec();
    }

    private int display(Cmd.Args a) {
        ProtocolRequest request = new ProtocolRequest(nat64.instance(), a.protocolOrTcp());
        PrintWriter out = nat64.out();
        if (a.flag("--numeric")) {
            // Printed as it arrives, so a table of any size needs no memory; the first element (or the
            // daemon's refusal) comes before any output.
            try (GatewayLink.Cursor<SessionView> sessions =
                    nat64.link().stream(Route.SESSION_DISPLAY, request, SessionView.class, BATCH, IDLE)) {
                SessionView s = sessions.next();
                SessionTable t = new SessionTable(out, Names.NUMERIC, a.csv());
                t.begin(a.headers());
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
        SessionTable t = new SessionTable(out, names, a.csv());
        t.begin(a.headers());
        all.forEach(t::add);
        return 0;
    }

    private int follow(Cmd.Args a) {
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

    private int advertise(Cmd.Args a) {
        nat64.link().call(Route.SESSION_ADVERTISE, new InstanceRequest(nat64.instance()), AdvertiseView.class);
        return 0;
    }
}
