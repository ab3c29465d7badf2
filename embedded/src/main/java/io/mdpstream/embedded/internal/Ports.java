package io.mdpstream.embedded.internal;

import io.mdpstream.embedded.StackStartException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds free ports and tells a taken port from a free one before a server tries to bind it. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago on {@code host}. */
    public static int free(String host) {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackStartException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }

    /**
     * Resolves 0 to a free port and checks that any other port can be bound.
     *
     * @param what names the port in the error, e.g. "broker port"
     * @throws StackStartException when the port is taken
     */
    public static int claim(String host, int port, String what) {
        if (port == 0) {
            return free(host);
        }
        if (port < 0 || port > 65535) {
            throw new StackStartException(what + " " + port + " is out of range 0..65535 (0 picks a free port)");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return port;
        } catch (IOException e) {
            throw new StackStartException(what + " " + port + " on " + host + " is already in use (" + e.getMessage()
                    + "); stop what holds it or choose another port (0 picks a free one)", e);
        }
    }
}
