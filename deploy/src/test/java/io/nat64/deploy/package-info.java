/** End-to-end tests of the daemon in the network-namespace lab ({@code deploy/lab/lab.sh}). */
@NullMarked
package io.nat64.deploy;

import org.jspecify.annotations.NullMarked;
