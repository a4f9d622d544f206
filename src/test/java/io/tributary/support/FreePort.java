package io.tributary.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A port the system just handed out on 127.0.0.1, for servers (Camel's management server) that want
 * a number.
 */
public final class FreePort {
    private FreePort() {}

    public static int next() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }
}
