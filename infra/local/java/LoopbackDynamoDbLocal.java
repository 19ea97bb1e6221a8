import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, listening on 127.0.0.1 only.
 *
 * <p>DynamoDB Local has no option for the address it listens on and binds every interface, with no
 * authentication: anyone on the network could read and write the table. This launcher builds the
 * server exactly as DynamoDB Local's own main does (ServerRunner.createServerFromCommandLineArgs,
 * so every command-line option works as usual), sets the host of each of its Jetty connectors to
 * 127.0.0.1, starts it, and then checks the socket it really bound. Anything unexpected (a
 * DynamoDB Local whose inside changed, a connector that is not a network connector, a socket that
 * is not on loopback) stops the process with a line starting "LoopbackDynamoDbLocal: error:" and
 * exit code 3: it never falls back to listening on every interface.
 *
 * <p>Run by infra/local/dynamodb-local.ts in single-file source mode (a JDK runs a .java file
 * directly, compiling it in memory), with DynamoDBLocal.jar and its lib folder on the class path.
 * Telemetry: DynamoDB Local's main configures it; this launcher never does, so none is sent.
 */
public class LoopbackDynamoDbLocal {
  private static final String HOST = "127.0.0.1";
  private static final int FAILED = 3;

  public static void main(String[] args) {
    try {
      DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
      Server server = jettyServerOf(proxy);
      List<AbstractNetworkConnector> connectors = networkConnectorsOf(server);
      for (AbstractNetworkConnector connector : connectors) connector.setHost(HOST);
      proxy.start();
      // DynamoDBProxyServer.start() reports a bind error on stderr and returns: check it started.
      if (!server.isStarted()) fail("the server did not start (see the line above)", null);
      List<String> bound = new ArrayList<>();
      for (AbstractNetworkConnector connector : connectors) bound.add(boundLoopbackAddress(connector));
      System.out.println("LoopbackDynamoDbLocal: listening on " + String.join(", ", bound) + " only");
    } catch (Exception e) {
      fail("could not start DynamoDB Local: " + e, e);
    }
  }

  /** The private Jetty Server inside DynamoDBProxyServer: its one field of that type. */
  private static Server jettyServerOf(DynamoDBProxyServer proxy) throws IllegalAccessException {
    Field found = null;
    for (Field field : DynamoDBProxyServer.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())) continue;
      if (!Server.class.isAssignableFrom(field.getType())) continue;
      if (found != null) fail("DynamoDBProxyServer has more than one Jetty Server field", null);
      found = field;
    }
    if (found == null) {
      fail("DynamoDBProxyServer has no Jetty Server field (a DynamoDB Local this launcher does not know)", null);
    }
    found.setAccessible(true);
    Object value = found.get(proxy);
    if (!(value instanceof Server)) fail("DynamoDBProxyServer." + found.getName() + " holds no Jetty Server", null);
    return (Server) value;
  }

  private static List<AbstractNetworkConnector> networkConnectorsOf(Server server) {
    Connector[] connectors = server.getConnectors();
    if (connectors == null || connectors.length == 0) fail("the Jetty server has no connector", null);
    List<AbstractNetworkConnector> network = new ArrayList<>();
    for (Connector connector : connectors) {
      if (!(connector instanceof AbstractNetworkConnector)) {
        fail("a Jetty connector is a " + connector.getClass().getName() + ", not a network connector", null);
      }
      network.add((AbstractNetworkConnector) connector);
    }
    return network;
  }

  /** The address the connector's socket is bound to, which must be a loopback address. */
  private static String boundLoopbackAddress(AbstractNetworkConnector connector) throws Exception {
    if (!connector.isOpen()) fail("a Jetty connector is not open after start", null);
    if (!HOST.equals(connector.getHost())) fail("a Jetty connector's host is " + connector.getHost(), null);
    Object transport = connector.getTransport();
    if (!(transport instanceof NetworkChannel)) {
      fail("cannot read the socket of a Jetty connector (transport " + transport + ")", null);
    }
    SocketAddress local = ((NetworkChannel) transport).getLocalAddress();
    InetAddress address = local instanceof InetSocketAddress ? ((InetSocketAddress) local).getAddress() : null;
    if (address == null || !address.isLoopbackAddress()) fail("the socket is bound to " + local + ", not loopback", null);
    return address.getHostAddress() + ":" + ((InetSocketAddress) local).getPort();
  }

  private static void fail(String message, Exception cause) {
    System.err.println("LoopbackDynamoDbLocal: error: " + message);
    if (cause != null) cause.printStackTrace();
    // halt, not exit: no shutdown hook or lingering Jetty thread keeps a socket open.
    Runtime.getRuntime().halt(FAILED);
  }
}
