// Compiled by scripts/activemq.mjs into the private instance's lib/ (on ActiveMQ's class path).
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.apache.activemq.command.ActiveMQDestination;
import org.apache.activemq.security.AuthorizationEntry;
import org.apache.activemq.security.DefaultAuthorizationMap;

/**
 * ActiveMQ's DefaultAuthorizationMap grants the union of every matching entry, so an entry can add
 * rights but never take them away. Here a destination gets the ACLs of its most specific entry
 * alone (the longest pattern), so `queue="forbidden.>"` can withhold what `queue=">"` grants, as
 * RabbitMQ's `^(?!forbidden).*` permission does; a composite destination needs every part allowed.
 */
public class MostSpecificAuthorizationMap extends DefaultAuthorizationMap {
  @Override
  public Set<Object> getReadACLs(ActiveMQDestination destination) {
    return acls(destination, AuthorizationEntry::getReadACLs);
  }

  @Override
  public Set<Object> getWriteACLs(ActiveMQDestination destination) {
    return acls(destination, AuthorizationEntry::getWriteACLs);
  }

  @Override
  public Set<Object> getAdminACLs(ActiveMQDestination destination) {
    return acls(destination, AuthorizationEntry::getAdminACLs);
  }

  private Set<Object> acls(ActiveMQDestination destination, Function<AuthorizationEntry, Set<Object>> pick) {
    if (destination.isComposite()) {
      Set<Object> common = null;
      for (ActiveMQDestination part : destination.getCompositeDestinations()) {
        Set<Object> allowed = acls(part, pick);
        if (common == null) common = new HashSet<>(allowed);
        else common.retainAll(allowed);
      }
      return common == null ? Collections.emptySet() : common;
    }
    AuthorizationEntry best = null;
    for (AuthorizationEntry entry : getAllEntries(destination)) {
      if (best == null || length(entry) > length(best)) best = entry;
    }
    return best == null ? Collections.emptySet() : pick.apply(best);
  }

  private static int length(AuthorizationEntry entry) {
    return entry.getDestination() == null ? -1 : entry.getDestination().getPhysicalName().length();
  }
}
