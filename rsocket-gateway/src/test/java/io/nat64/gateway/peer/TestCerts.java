package io.nat64.gateway.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A CA and certificates made at test time with {@code openssl} (EC P-256, one day, PKCS#8 keys). */
final class TestCerts {
    private TestCerts() {}

    /** Makes {@code name}.pem and {@code name}.key: a self-signed CA. */
    static void ca(Path dir, String name) throws IOException, InterruptedException {
        run(
                dir,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-noenc",
                "-keyout",
                name + ".key",
                "-out",
                name + ".pem",
                "-days",
                "1",
                "-subj",
                "/CN=" + name);
    }

    /** Makes {@code name}.pem and {@code name}.key signed by {@code ca}, valid for 127.0.0.1 and localhost. */
    static PeerTls issue(Path dir, String ca, String name) throws IOException, InterruptedException {
        run(
                dir,
                "openssl",
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-noenc",
                "-keyout",
                name + ".key",
                "-out",
                name + ".csr",
                "-subj",
                "/CN=" + name);
        Files.writeString(
                dir.resolve(name + ".ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n", StandardCharsets.US_ASCII);
        run(
                dir,
                "openssl",
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                ca + ".pem",
                "-CAkey",
                ca + ".key",
                "-CAcreateserial",
                "-out",
                name + ".pem",
                "-days",
                "1",
                "-extfile",
                name + ".ext");
        return new PeerTls(dir.resolve(name + ".pem"), dir.resolve(name + ".key"), dir.resolve(ca + ".pem"));
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
