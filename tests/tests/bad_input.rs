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

/// Diagnostics about a Swagger 2.0 document name its own pointers, lines and
/// reference spelling, not those of the OpenAPI 3.0 conversion.
#[test]
fn swagger2_error_names_input_pointer() {
    let text = error_text(Path::new("fixtures/bad/swagger2-dangling-ref.yaml"));
    assert!(text.contains("fixtures/bad/swagger2-dangling-ref.yaml:16:15"), "{text}");
    assert!(text.contains("at /paths/~1pets/get/responses/200/schema/items/$ref"), "{text}");
    assert!(text.contains("`#/definitions/Pett`"), "{text}");
    assert!(!text.contains("components"), "{text}");
}

#[test]
fn swagger2_warnings_name_input_pointers() {
    let generated = openapi_gen::generate(Path::new("fixtures/lossy/swagger2.yaml"), &openapi_gen::Settings::default())
        .unwrap_or_else(|error| panic!("{error}"));
    let text: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    for expected in [
        "swagger2.yaml:71:7 at /definitions/Pet/properties/age",
        "swagger2.yaml:12:13 at /paths/~1pets/parameters/0",
        "swagger2.yaml:28:15 at /paths/~1pets/post/parameters/1/schema/properties/weight",
        "swagger2.yaml:41:15 at /paths/~1pets/post/responses/201/schema/properties/size",
        "swagger2.yaml:62:3 at /parameters/Level",
        "swagger2.yaml:54:15 at /paths/~1uploads/post/parameters/2",
    ] {
        assert!(text.iter().any(|warning| warning.contains(expected)), "no warning at {expected}: {text:#?}");
    }
}

#[test]
fn duplicate_key_warning_names_later_key() {
    let text = "openapi: 3.0.3\ninfo: {title: First, version: \"1\"}\ninfo: {title: Second, version: \"1\"}\npaths: {}\n";
    let source = openapi_gen::load::load_str(text.to_string(), Path::new("dup.yaml")).unwrap();
    let generated = openapi_gen::generate_from_source(source, &openapi_gen::Settings::default()).unwrap();
    let messages: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(messages.join("\n"), @r"
    warning: duplicate key `info` in a YAML mapping: the last value is used
      --> dup.yaml:3:1 at /info
    ");
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
