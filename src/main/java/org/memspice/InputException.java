package org.memspice;

/**
 * Bad user input: a file, field, line or option that is not what it must be. The message names where
 * (file, line or JSON path, option), the value found and what was expected. The command line prints the
 * message without a stack trace and exits with status 2.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
