"""Application services: the work the command line and the app both do, done once.

    opening   a .bpack, template or .bpackz as the officer gave it; pictures outside it
    export    compose → render → check the bytes → write atomically → check the file
    validate  the Checks findings (with the characters no font draws) and the layout check

A layer between the front ends (cli/, gui/) and the core (render, document, model): it
imports no Qt and prints nothing, and its messages name no command-line option or menu, so
each front end says things its own way. Modules import their heavy parts when called, so
`briefpack --help` and the app's start stay quick.
"""
