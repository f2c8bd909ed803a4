package io.nat64.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code nat64 --version}: the version in the jar's manifest, or "development build" from classes. */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"nat64 " + (v == null ? "(development build)" : v)};
    }
}
