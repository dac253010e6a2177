package org.memspice.spice;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.memspice.InputException;
import org.memspice.circuit.Circuit;
import org.memspice.device.DeviceCard;

import java.util.List;
import java.util.Map;

/**
 * Memristors in netlists, through the device layer's subcircuits ({@link MemristorSubcircuit}): device cards
 * rebuilt from {@code memspice_<model>_<window>[_<iv>]} instances when reading, and the definition of such a
 * subcircuit from an instance's parameters when writing (the instance line is the element's own card).
 */
final class MemristorCards {
    private MemristorCards() {}

    /** True if the subcircuit name is one of the device layer's memristor subcircuits. */
    static boolean isMemristor(String subckt) {
        String[] parts = subckt.split("_");
        return parts.length >= 3 && parts[0].equals("memspice") && DeviceCard.MODELS.contains(parts[1]);
    }

    /** Builds the memristor of an instance line: model and window from the subcircuit name, parameters given. */
    static void build(Circuit c, String name, String subckt, List<String> nodes, Map<String, Double> params) {
        if (nodes.size() != 2) throw new InputException(subckt + " has 2 ports (p n), instance " + name + " connects " + nodes.size());
        c.memristor(name, nodes.get(0), nodes.get(1), card(name, subckt, params));
    }

    /** The subcircuit definition for a memristor subcircuit name and an instance's parameters. */
    static String definition(String subckt, Map<String, Double> params) {
        return MemristorSubcircuit.definition(card(subckt, subckt, params));
    }

    /** The device card of an instance of {@code subckt} called {@code name} with the parameters given. */
    private static DeviceCard card(String name, String subckt, Map<String, Double> params) {
        String[] parts = subckt.split("_");
        String model = parts[1];
        boolean hp = model.equals("hp");
        if (hp ? parts.length != 3 : parts.length != 4) {
            throw new InputException("subcircuit '" + subckt + "' is not a memspice memristor name (expected memspice_hp_<window>"
                    + " or memspice_<team|vteam>_<window>_<linear|exponential>)");
        }
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
        return DeviceCard.fromJson(root, name, "instance " + name + " of " + subckt);
    }
}
