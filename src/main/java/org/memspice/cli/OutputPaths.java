package org.memspice.cli;

import org.memspice.InputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output files and folders a command will write, checked when the command starts (before hours of training or
 * a sweep, not after): a path whose parent is a regular file, a file that is a folder, or a folder that cannot be
 * written is refused with exit status 2 naming the option, the path and why.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** Checks that {@code file} (given by {@code option}) can be created or replaced. */
    static void file(Path file, String option) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new InputException(option + " " + file + ": is a folder; expected a file to write");
        }
        ancestor(file.toAbsolutePath().getParent(), file, option);
    }

    /** Checks that {@code dir} (given by {@code option}) is a folder or can be created as one. */
    static void folder(Path dir, String option) {
        if (dir == null) {
            return;
        }
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new InputException(option + " " + dir + ": is a file; expected a folder to write into");
            }
            if (!Files.isWritable(dir)) {
                throw new InputException(option + " " + dir + ": folder is not writable");
            }
            return;
        }
        ancestor(dir.toAbsolutePath().getParent(), dir, option);
    }

    /** Creates the folders above {@code file}, naming {@code option} when that fails. */
    static void createParent(Path file, String option) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            createFolder(parent, option, file);
        }
    }

    /** Creates {@code dir} and the folders above it, naming {@code option} when that fails. */
    static void createFolder(Path dir, String option) {
        createFolder(dir, option, dir);
    }

    private static void createFolder(Path dir, String option, Path asked) {
        folder(dir, option);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputException(option + " " + asked + ": cannot create folder " + dir + ": " + e);
        }
    }

    /** The nearest existing ancestor of {@code target} must be a writable folder. */
    private static void ancestor(Path start, Path target, String option) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new InputException(option + " " + target + ": " + p
                            + " is a file, not a folder, so nothing can be written under it");
                }
                if (!Files.isWritable(p)) {
                    throw new InputException(option + " " + target + ": folder " + p + " is not writable");
                }
                return;
            }
        }
    }
}
