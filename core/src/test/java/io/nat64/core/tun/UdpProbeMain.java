package io.nat64.core.tun;

import io.nat64.core.addr.Ipv6Address;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A child process for {@link TunDeviceNetnsIT}: sends one UDP datagram with a Java {@link DatagramSocket} and waits
 * for its echo, up to three tries of one second.
 *
 * <p>Usage: {@code UdpProbeMain <ipv6 address> <port> <text>}. Exit 0 and {@code UDP echo ...} when the echo came
 * back, exit 1 otherwise.
 */
public final class UdpProbeMain {

    private UdpProbeMain() {}

    public static void main(String[] args) throws IOException {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
        byte[] text = args[2].getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1000);
            socket.connect(target);
            byte[] in = new byte[2048];
            for (int attempt = 1; attempt <= 3; attempt++) {
                socket.send(new DatagramPacket(text, text.length));
                DatagramPacket reply = new DatagramPacket(in, in.length);
                try {
                    socket.receive(reply);
                } catch (SocketTimeoutException e) {
                    System.out.println("UDP no echo within 1 s (attempt " + attempt + ")");
                    continue;
                }
                System.out.println("UDP echo from ["
                        + Ipv6Address.fromBytes(reply.getAddress().getAddress(), 0)
                        + "]:" + reply.getPort() + " to local port "
                        + socket.getLocalPort() + ": "
                        + new String(in, 0, reply.getLength(), StandardCharsets.UTF_8) + " (attempt " + attempt + ")");
                return;
            }
        }
        System.exit(1);
    }
}
