/// The console's Mustache templates as string constants, one file per template, parsed once by ``TemplateLibrary``.
///
/// Rules every template keeps (the tests check them): values only through `{{name}}` (HTML-escaped), never triple
/// mustaches; no `<script>`, no `<style>`, no `style=` (the Content-Security-Policy forbids them); every form control
/// has a `<label for>`; every POST form carries the hidden `csrf` field.
enum Templates {}
