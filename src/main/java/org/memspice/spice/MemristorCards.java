package org.memspice.spice;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.memspice.InputException;
import org.memspice.circuit.Circuit;
import org.memspice.circuit.Element;
import org.memspice.circuit.Memristor;
import org.memspice.device.DeviceCard;
import org.memspice.signal.SpiceNumber;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memristors in netlists, through the device layer's subcircuits ({@link MemristorSubcircuit}): definitions
 * and instance lines when writing, and device cards rebuilt from {@code memspice_<model>_<window>[_<iv>]}
 * instances when reading.
 */
final class MemristorCards {
    private MemristorCards() {}

    static void definitions(Circuit c, Appendable out) throws IOException {
        Map<String, DeviceCard> first = new LinkedHashMap<>();
        for (Element e : c.elements()) {
            if (e instanceof Memristor m) first.putIfAbsent(MemristorSubcircuit.name(card(m)), card(m));
        }
        for (DeviceCard card : first.values()) out.append(MemristorSubcircuit.definition(card));
    }

    static String instance(String name, String p, String n, Memristor m) {
        DeviceCard card = card(m);
        if (card.get("x0") != m.initialState()) {
            card = card.withOverrides(List.of("x0=" + SpiceNumber.format(m.initialState())));
        }
        return MemristorSubcircuit.instance(name, p, n, card);
    }

    private static DeviceCard card(Memristor m) {
        if (m.card() == null) {
            throw new InputException("memristor " + m.name() + " was built from a model without a device card;"
                    + " the netlist writer needs the card (Circuit.memristor(name, a, b, DeviceCard))");
        }
        return m.card();
    }

    /** True if the subcircuit name is one of the device layer's memristor subcircuits. */
    static boolean isMemristor(String subckt) {
        String[] parts = subckt.split("_");
        return parts.length >= 3 && parts[0].equals("memspice") && DeviceCard.MODELS.contains(parts[1]);
    }

    /** Builds the memristor of an instance line: model and window from the subcircuit name, parameters given. */
    static void build(Circuit c, String name, String subckt, List<String> nodes, Map<String, Double> params) {
        String[] parts = subckt.split("_");
        String model = parts[1];
        boolean hp = model.equals("hp");
        if (hp ? parts.length != 3 : parts.length != 4) {
            throw new InputException("subcircuit '" + subckt + "' is not a memspice memristor name (expected memspice_hp_<window>"
                    + " or memspice_<team|vteam>_<window>_<linear|exponential>)");
        }
        if (nodes.size() != 2) throw new InputException(subckt + " has 2 ports (p n), instance " + name + " connects " + nodes.size());
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("model", model);
        root.put("window", parts[2]);
        if (!hp) root.put("iv", parts[3]);
        root.put("source", "netlist instance " + name);
        ObjectNode p = root.putObject("parameters");
        params.forEach(p::put);
        ObjectNode drive = root.putObject("drive");
        drive.put("source", "DC 0");
        drive.put("tstop", 1.0);
        DeviceCard card = DeviceCard.fromJson(root, name, "instance " + name + " of " + subckt);
        c.memristor(name, nodes.get(0), nodes.get(1), card);
    }
}
