//! Error messages for documents the generator cannot use, snapshotted so
//! that their wording and locations are reviewed like code.

use std::path::Path;

fn error_text(path: &Path) -> String {
    match openapi_gen::generate(path, &openapi_gen::Settings::default()) {
        Ok(_) => panic!("{} generated without an error", path.display()),
        Err(diagnostic) => diagnostic.to_string(),
    }
}

#[test]
fn bad_documents() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::glob!("../fixtures/bad", "*.{yaml,json}", |path| {
        let relative = path.strip_prefix(root).unwrap_or(path);
        insta::assert_snapshot!(error_text(relative));
    });
}

#[test]
fn missing_file() {
    insta::assert_snapshot!(error_text(Path::new("fixtures/bad/no-such-file.yaml")), @r"
    error: cannot read fixtures/bad/no-such-file.yaml: file not found
      --> fixtures/bad/no-such-file.yaml
      = help: pass the path of an OpenAPI document in YAML or JSON
    ");
}

#[test]
fn errors_name_file_pointer_and_line() {
    let text = error_text(Path::new("fixtures/bad/dangling-ref.yaml"));
    assert!(text.contains("fixtures/bad/dangling-ref.yaml:14:"), "{text}");
    assert!(text.contains("/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"), "{text}");
    assert!(text.contains("#/components/schemas/Pett"), "{text}");
}

/// Documents that generate, with warnings for what they map lossily.
#[test]
fn lossy_documents_warn() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::glob!("../fixtures/lossy", "*.yaml", |path| {
        let relative = path.strip_prefix(root).unwrap_or(path);
        let generated = openapi_gen::generate(relative, &openapi_gen::Settings::default())
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(!generated.warnings.is_empty(), "{} gave no warning", relative.display());
        let text: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(text.join("\n"));
    });
}

#[test]
fn unknown_security_scheme_is_a_warning() {
    let text = r#"
openapi: 3.0.3
info: { title: Keys, version: "1" }
paths:
  /items:
    get:
      operationId: listItems
      security:
        - missing_scheme: []
      responses:
        '204': { description: Nothing }
"#;
    let source = openapi_gen::load::load_str(text.to_string(), Path::new("keys.yaml")).unwrap();
    let generated = openapi_gen::generate_from_source(source, &openapi_gen::Settings::default()).unwrap();
    let messages: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(messages.join("\n"), @r"
    warning: security requirement names `missing_scheme`, which `components.securitySchemes` does not define; alternatives that need it are never used
      --> keys.yaml:9:11 at /paths/~1items/get/security/0/missing_scheme
    ");
}
