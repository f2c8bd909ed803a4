package io.nat64.gateway.peer;

import io.netty.handler.ssl.ClientAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import reactor.netty.tcp.SslProvider;
import reactor.netty.tcp.TcpSslContextSpec;

/**
 * TLS with client certificates on a peer link ({@code --tls.cert}, {@code --tls.key}, {@code --tls.ca}, PEM
 * files): each side shows its certificate and accepts only a certificate signed by the CA. A client also checks
 * that the server's certificate names the address it dialled (subject alternative name).
 *
 * @param cert this node's certificate chain (PEM)
 * @param key its private key (PEM, PKCS#8 unencrypted: {@code -----BEGIN PRIVATE KEY-----})
 * @param ca the certificates of the CA that signs the peers' certificates (PEM)
 */
public record PeerTls(Path cert, Path key, Path ca) {
    /** Checks that the three files can be read; the message names the flag. */
    public PeerTls {
        readable("--tls.cert", cert);
        readable("--tls.key", key);
        readable("--tls.ca", ca);
    }

    private static void readable(String flag, Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(flag + ": cannot read " + file);
        }
    }

    /** The server side: client certificates required. */
    SslProvider.GenericSslContextSpec<?> server() {
        return TcpSslContextSpec.forServer(cert.toFile(), key.toFile())
                .configure(b -> b.trustManager(ca.toFile()).clientAuth(ClientAuth.REQUIRE));
    }

    /** The client side: presents the certificate, trusts the CA only. */
    SslProvider.GenericSslContextSpec<?> client() {
        return TcpSslContextSpec.forClient()
                .configure(b -> b.keyManager(cert.toFile(), key.toFile()).trustManager(ca.toFile()));
    }
}
