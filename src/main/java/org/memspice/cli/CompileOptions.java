package org.memspice.cli;

import org.memspice.bnn.BnnModel;
import org.memspice.bnn.ModelFile;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options that say what to compile onto what: the model, the compile card and its command-line overrides. */
final class CompileOptions extends CardOptions {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (models/*.json), a binary network.")
    Path model;

    BnnModel readModel() {
        return ModelFile.read(model);
    }
}
