package dev.distill4j.cli;

public final class Main {
    public static void main(String[] args) {
        System.out.println("distill4j");
    }
}
