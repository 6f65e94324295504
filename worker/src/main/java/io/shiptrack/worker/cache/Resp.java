package io.shiptrack.worker.cache;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal Redis (RESP2) connection: pipelined commands with simple, integer and bulk replies. Enough for the
 * worker's SET and DEL, without a client library and its event loops. One connection per batch of commands.
 */
final class Resp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private Resp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /**
     * Connects to {@code redis://host:port} or, with TLS, {@code rediss://host:port} (Azure Cache for Redis, port
     * 6380); a password in the URI ({@code rediss://:password@host}, percent-encoded) is sent with AUTH first.
     * {@code timeout} bounds the connect and every read.
     */
    static Resp connect(URI uri, Duration timeout) throws IOException {
        boolean tls = "rediss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 6380 : 6379;
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            if (tls) {
                SSLSocket secure = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(socket, uri.getHost(), port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                secure.startHandshake();
                socket = secure;
            }
            Resp resp = new Resp(socket);
            String userInfo = uri.getUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                int colon = userInfo.indexOf(':');
                String user = colon < 0 ? "" : userInfo.substring(0, colon);
                String password = colon < 0 ? userInfo : userInfo.substring(colon + 1);
                resp.pipeline(List.of(user.isEmpty() ? List.of("AUTH", password) : List.of("AUTH", user, password)));
            }
            return resp;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends all commands, then reads one reply per command; an error reply becomes an IOException. */
    List<String> pipeline(List<List<String>> commands) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        for (List<String> command : commands) {
            buffer.write(("*" + command.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : command) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                buffer.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                buffer.write(bytes);
                buffer.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.write(buffer.toByteArray());
        out.flush();
        List<String> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(reply());
        }
        return replies;
    }

    private String reply() throws IOException {
        String line = line();
        if (line.isEmpty()) {
            throw new IOException("empty reply from Redis");
        }
        char kind = line.charAt(0);
        String rest = line.substring(1);
        switch (kind) {
            case '+' :
            case ':' :
                return rest;
            case '-' :
                throw new IOException("Redis error: " + rest);
            case '$' :
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            default :
                throw new IOException("unexpected Redis reply: " + line);
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return line.toString();
            }
            line.append((char) c);
        }
        throw new IOException("Redis closed the connection");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
