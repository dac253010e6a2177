package org.memspice.cli;

import org.memspice.compile.CompileCard;
import org.memspice.compile.CompiledNetwork;
import org.memspice.compile.Compiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code memspice compile}: lower a binary network onto crossbar tiles; manifest, netlists and a summary. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Lower a trained binary network onto crossbar tiles of a compile card: every binary layer split",
                "into row and column tiles, each tile programmed, solved exactly and reduced to its ports; comparator",
                "references placed for the largest margin. Prints the hardware summary."},
        footer = {"", "Example:", "  memspice compile --model models/bnn-kdwg-w48.json --scheme single --out out/bnn-single"})
public final class CompileCommand implements Callable<Integer> {
    @Mixin
    CompileOptions options;

    @Option(names = "--scheme", paramLabel = "S", converter = InferCommand.SchemeConverter.class,
            description = "double or single (default: the card's scheme).")
    InferCommand.SchemeChoice scheme;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (scheme == InferCommand.SchemeChoice.both) {
            throw new org.memspice.InputException("--scheme both: compile writes one scheme; expected double or single");
        }
        CompileCard card = options.card(InferCommand.schemes(scheme, null).isEmpty() ? null
                : scheme == null ? null : InferCommand.schemes(scheme, null).get(0));
        CompiledNetwork net = Compiler.compile(options.readModel(), options.model.toString(), card, options.threads(),
                Progress.every(2.0));
        if (json) {
            JsonOutput.print(net.manifest());
            return 0;
        }
        CompiledNetwork.Summary s = net.summary();
        System.out.printf(Locale.ROOT, "%s on %s, %s, tiles of %dx%d: %d tiles, %d devices, %d cells (%.0f um2),"
                        + " %d DACs, %d TIAs, %d subtractors, %d comparators, %d ADCs; compiled in %.1f s%n",
                options.model, card.name(), card.scheme().label(), card.tileRows(), card.tileColumns(), s.tiles(),
                s.devices(), s.cells(), s.areaSquareMetres() * 1e12, s.dacs(), s.tias(), s.subtractors(),
                s.comparators(), s.adcs(), net.compileSeconds());
        return 0;
    }
}
