//! The client generated from `fixtures/requests.yaml` against a server on
//! 127.0.0.1: the exact bytes of query strings, headers, cookies and form
//! bodies.

use openapi_gen_tests::{CannedResponse, RecordedPart, TestServer};
use requests_fixture::groups::{ChargesCreateChargeForm, UploadsSearchUploadsForm, UploadsUploadScanForm};
use requests_fixture::models::{
    CatalogEchoHeadersXApiVersion as ApiVersion, CatalogReadSessionMode as Mode, CatalogSearchItemsCursor,
    ChargesCreateChargeItemsItem, ChargesCreateChargeShipping, ChargesCreateChargeShippingAddress, Grid, GridCorner,
    PriceRange, ShelvesListShelfTagsOrder, ShelvesTagShelfOrder, UploadsUploadScanDetails,
};
use requests_fixture::{Client, Error, FilePart};

fn client(server: &TestServer) -> Client {
    Client::builder().base_url(&server.base_url).build().unwrap()
}

async fn no_content_server() -> TestServer {
    TestServer::start(CannedResponse::empty(204)).await.unwrap()
}

const CURSOR: CatalogSearchItemsCursor = CatalogSearchItemsCursor { offset: 40, size: 20 };

#[tokio::test]
async fn deep_object_sends_set_members_in_order() {
    let server = no_content_server().await;
    let price = PriceRange {
        low: Some(10.0),
        high: None,
        currency: Some("EUR €".into()),
        on_sale: Some(true),
    };
    client(&server)
        .catalog()
        .search_items(&CURSOR, Some(&price), None, None, None, None)
        .await
        .unwrap();

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "GET");
    assert_eq!(
        sent.uri,
        "/catalog/items?cursor%5Boffset%5D=40&cursor%5Bsize%5D=20\
         &price%5Blow%5D=10.0&price%5Bcurrency%5D=EUR+%E2%82%AC&price%5Bon_sale%5D=true"
    );
}

#[tokio::test]
async fn absent_deep_object_adds_nothing() {
    let server = no_content_server().await;
    let empty = PriceRange {
        low: None,
        high: None,
        currency: None,
        on_sale: None,
    };
    let catalog = client(&server);
    catalog.catalog().search_items(&CURSOR, None, None, None, None, None).await.unwrap();
    catalog.catalog().search_items(&CURSOR, Some(&empty), None, None, None, None).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].query(), "cursor%5Boffset%5D=40&cursor%5Bsize%5D=20");
    assert_eq!(requests[1].query(), "cursor%5Boffset%5D=40&cursor%5Bsize%5D=20");
}

#[tokio::test]
async fn array_query_styles() {
    let server = no_content_server().await;
    let words = ["red apple".to_string(), "pear".to_string()];
    let colors = ["navy|blue".to_string(), "teal".to_string()];
    let sizes = ["S".to_string(), "M,L".to_string()];
    client(&server)
        .catalog()
        .search_items(&CURSOR, None, Some(&[3, 4, 5]), Some(&words), Some(&colors), Some(&sizes))
        .await
        .unwrap();

    let query = server.requests()[0].query().to_string();
    let pairs: Vec<&str> = query.split('&').skip(2).collect();
    assert_eq!(
        pairs,
        [
            "ids=3%2C4%2C5",            // form, explode: false
            "words=red+apple+pear",     // spaceDelimited
            "colors=navy%7Cblue%7Cteal", // pipeDelimited
            "sizes=S",                  // form, explode: true (default)
            "sizes=M%2CL",
        ]
    );
}

#[tokio::test]
async fn nested_deep_object_members_use_brackets() {
    let server = no_content_server().await;
    let grid = Grid {
        rows: Some(2),
        corner: Some(GridCorner { x: Some(7) }),
        labels: Some(vec!["a".into(), "b".into()]),
    };
    client(&server).catalog().get_grid(Some(&grid)).await.unwrap();
    assert_eq!(
        server.requests()[0].query(),
        "grid%5Brows%5D=2&grid%5Bcorner%5D%5Bx%5D=7&grid%5Blabels%5D%5B%5D=a&grid%5Blabels%5D%5B%5D=b"
    );
}

#[tokio::test]
async fn header_parameters_use_exact_names_and_wire_values() {
    let server = no_content_server().await;
    let correlation: uuid::Uuid = "6f1c2c8e-8f43-4a55-9d7e-3b6f1f0b7a21".parse().unwrap();
    let flags = ["fast".to_string(), "dry run".to_string()];
    client(&server)
        .catalog()
        .echo_headers(correlation, Some(&ApiVersion::N202501), Some("\"v1\""), Some(&flags), Some(-3))
        .await
        .unwrap();

    let sent = &server.requests()[0];
    assert_eq!(sent.header("x-correlation-id"), Some("6f1c2c8e-8f43-4a55-9d7e-3b6f1f0b7a21"));
    assert_eq!(sent.header("x-api-version"), Some("2025-01"));
    assert_eq!(sent.header("if-none-match"), Some("\"v1\""));
    assert_eq!(sent.header("x-flags"), Some("fast,dry run"));
    assert_eq!(sent.header("x-limit"), Some("-3"));
    assert_eq!(sent.header("authorization"), None, "declared Authorization parameter is ignored");
    assert_eq!(sent.header("content-type"), None, "declared Content-Type parameter is ignored");
    assert_eq!(sent.header("accept"), Some("*/*"), "declared Accept parameter is ignored");
}

#[tokio::test]
async fn optional_headers_are_left_out() {
    let server = no_content_server().await;
    client(&server)
        .catalog()
        .echo_headers(uuid::Uuid::nil(), None, None, None, None)
        .await
        .unwrap();
    let sent = &server.requests()[0];
    let custom: Vec<&str> = sent
        .header_lines
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| name.starts_with("x-") || *name == "if-none-match")
        .collect();
    assert_eq!(custom, ["x-correlation-id"]);
}

#[tokio::test]
async fn invalid_header_value_is_an_error() {
    let server = no_content_server().await;
    let error = client(&server)
        .catalog()
        .echo_headers(uuid::Uuid::nil(), None, Some("a\r\nX-Evil: 1"), None, None)
        .await
        .unwrap_err();
    let Error::InvalidRequest(message) = &error else {
        panic!("expected Error::InvalidRequest, got {error:?}");
    };
    assert!(message.contains("If-None-Match"), "{message}");
    assert!(server.requests().is_empty(), "nothing was sent");

    let unknown = ApiVersion::Unknown("bad\nvalue".into());
    let error = client(&server)
        .catalog()
        .echo_headers(uuid::Uuid::nil(), Some(&unknown), None, None, None)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "got {error:?}");
}

#[tokio::test]
async fn cookies_share_one_header_and_are_encoded() {
    let server = no_content_server().await;
    client(&server)
        .catalog()
        .read_session("a b;c,\"d\"=é", Some(&Mode::Full), Some(&[1, 2]), Some(true))
        .await
        .unwrap();

    let sent = &server.requests()[0];
    assert_eq!(sent.header_values("cookie"), ["sid=a%20b%3Bc%2C%22d%22%3D%C3%A9; mode=full; recent=1%2C2"]);
    assert_eq!(sent.uri, "/catalog/session?debug=true");
}

#[tokio::test]
async fn optional_cookies_are_left_out() {
    let server = no_content_server().await;
    client(&server).catalog().read_session("s1", None, None, None).await.unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.header_values("cookie"), ["sid=s1"]);
    assert_eq!(sent.uri, "/catalog/session");
}

#[tokio::test]
async fn path_parameter_names_and_styles() {
    let server = no_content_server().await;
    let layout = ["wide".to_string(), "2 col".to_string()];
    client(&server)
        .catalog()
        .get_slot("a/b c", "x.y", &layout, &[3, 4])
        .await
        .unwrap();
    assert_eq!(
        server.requests()[0].uri,
        "/catalog/a%2Fb%20c/slots/x.y/.wide,2%20col/;ids=3;ids=4"
    );
}

#[tokio::test]
async fn template_operators_and_scalar_json_body() {
    let server = no_content_server().await;
    let tags = ["red".to_string(), "dark blue".to_string()];
    let shelves = client(&server);
    shelves.shelves().tag_shelf("s-1", &tags, &[3, 4], None, Some(true), Some(false)).await.unwrap();
    shelves.shelves().tag_shelf("s-2", &tags[..1], &[5], None, None, None).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].method, "PUT");
    assert_eq!(requests[0].uri, "/shelves/s-1/tags/.red.dark%20blue/;point=3;point=4?pretty=true");
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    assert_eq!(requests[0].body, b"false");
    assert_eq!(requests[1].uri, "/shelves/s-2/tags/.red/;point=5");
    assert!(requests[1].body.is_empty());
}

#[tokio::test]
async fn repeated_inline_enums_share_one_type() {
    let server = no_content_server().await;
    let tags = ["red".to_string(), "blue".to_string()];
    // The second operation's enum is an alias of the first one's.
    let order: ShelvesTagShelfOrder = ShelvesListShelfTagsOrder::Desc;
    let shelves = client(&server);
    shelves.shelves().list_shelf_tags(7, &tags, &[1, 2], None, Some(&order)).await.unwrap();
    shelves.shelves().tag_shelf("s-1", &tags, &[1], Some(&order), None, None).await.unwrap();
    let unknown = ShelvesTagShelfOrder::from("random");
    shelves.shelves().list_shelf_tags(7, &tags, &[1], Some(false), Some(&unknown)).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].uri, "/shelves/7/tags/.red,blue/;point=1,2?order=desc");
    assert_eq!(requests[1].uri, "/shelves/s-1/tags/.red.blue/;point=1?order=desc");
    assert_eq!(requests[2].uri, "/shelves/7/tags/.red,blue/;point=1?pretty=false&order=random");
}

#[tokio::test]
async fn keyword_parameter_names_keep_wire_names() {
    let server = no_content_server().await;
    let catalog = client(&server);
    catalog
        .catalog()
        .list_entries("fn", Some("again"), Some("book"), Some(false), Some(10))
        .await
        .unwrap();
    catalog.catalog().return_(9_007_199_254_740_993).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].uri, "/catalog/fn/entries?loop=again&type=book&await=false&body=10");
    assert_eq!(requests[1].method, "POST");
    assert_eq!(requests[1].uri, "/catalog/9007199254740993/retire");
}

#[tokio::test]
async fn operations_without_id_are_named_from_the_path() {
    let server = TestServer::start_sequence(vec![CannedResponse::empty(204), CannedResponse::text(200, "hello")])
        .await
        .unwrap();
    let notes = client(&server);
    notes.notes().post("a note").await.unwrap();
    let text = notes.notes().get_by_note_id("n1").await.unwrap();
    assert_eq!(text, "hello");

    let requests = server.requests();
    assert_eq!(requests[0].uri, "/notes");
    assert_eq!(requests[0].header("content-type"), Some("text/plain"));
    assert_eq!(requests[0].body, b"a note");
    assert_eq!(requests[1].uri, "/notes/n1");
    assert_eq!(requests[1].header("accept"), Some("text/plain"));
}

fn scan_form() -> UploadsUploadScanForm {
    UploadsUploadScanForm {
        scan: FilePart::new(vec![0x49, 0x49, 0x2a, 0x00]).file_name("page 1.tiff"),
        owner: "ada".into(),
        pages: Some(3),
        labels: Some(vec!["draft".into(), "tax 2024".into()]),
        details: Some(UploadsUploadScanDetails { dpi: Some(300) }),
        extras: Some(vec![
            FilePart::new(&b"\x89PNG"[..]).content_type("image/png"),
            FilePart::new(&b"\xff\xd8"[..]).file_name("b.jpg").content_type("image/jpeg"),
        ]),
        notes: None,
    }
}

#[tokio::test]
async fn multipart_parts_match_the_form() {
    let server = TestServer::start(CannedResponse::json(201, r#"{"id": "u1"}"#)).await.unwrap();
    let stored = client(&server).uploads().upload_scan(scan_form()).await.unwrap();
    assert_eq!(stored.id.as_deref(), Some("u1"));

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.uri, "/uploads");
    assert!(
        sent.header("content-type").is_some_and(|value| value.starts_with("multipart/form-data; boundary=")),
        "{:?}",
        sent.header("content-type")
    );
    let part = |name: &str, file_name: Option<&str>, content_type: Option<&str>, body: &[u8]| RecordedPart {
        name: name.to_string(),
        file_name: file_name.map(str::to_string),
        content_type: content_type.map(str::to_string),
        body: body.to_vec(),
    };
    assert_eq!(
        sent.multipart_parts().await.unwrap(),
        [
            part("scan", Some("page 1.tiff"), Some("image/tiff"), &[0x49, 0x49, 0x2a, 0x00]),
            part("owner", None, None, b"ada"),
            part("pages", None, None, b"3"),
            part("labels", None, None, b"draft"),
            part("labels", None, None, b"tax 2024"),
            part("details", None, Some("application/json"), br#"{"dpi":300}"#),
            part("extras", None, Some("image/png"), b"\x89PNG"),
            part("extras", Some("b.jpg"), Some("image/jpeg"), b"\xff\xd8"),
        ]
    );
}

#[tokio::test]
async fn multipart_leaves_out_absent_fields() {
    let server = TestServer::start(CannedResponse::json(201, "{}")).await.unwrap();
    let form = UploadsUploadScanForm {
        scan: FilePart::new(vec![1, 2]),
        owner: "ada".into(),
        pages: None,
        labels: None,
        details: None,
        extras: None,
        notes: None,
    };
    client(&server).uploads().upload_scan(form).await.unwrap();
    let parts = server.requests()[0].multipart_parts().await.unwrap();
    let names: Vec<&str> = parts.iter().map(|part| part.name.as_str()).collect();
    assert_eq!(names, ["scan", "owner"]);
    assert_eq!(parts[0].content_type.as_deref(), Some("image/tiff"), "documented type when the caller sets none");
    assert_eq!(parts[0].file_name, None);
}

#[tokio::test]
async fn multipart_rejects_invalid_part_content_type() {
    let server = TestServer::start(CannedResponse::json(201, "{}")).await.unwrap();
    let mut form = scan_form();
    form.scan = FilePart::new(vec![1]).content_type("not a type");
    let error = client(&server).uploads().upload_scan(form).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "got {error:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn urlencoded_form_body() {
    let server = no_content_server().await;
    let form = UploadsSearchUploadsForm {
        query: Some("tax & fees".into()),
        page: Some(2),
        kinds: Some(vec!["pdf".into(), "tiff".into()]),
        tags: Some(vec!["a".into(), "b".into()]),
    };
    let uploads = client(&server);
    uploads.uploads().search_uploads(Some(&form)).await.unwrap();
    uploads.uploads().search_uploads(None).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "query=tax+%26+fees&page=2&kinds=pdf&kinds=tiff&tags=a%2Cb"
    );
    assert!(requests[1].body.is_empty());
    assert_eq!(requests[1].header("content-type"), None);
}

#[tokio::test]
async fn nested_form_fields_use_brackets_and_indices() {
    let server = no_content_server().await;
    let form = ChargesCreateChargeForm {
        amount: 2000,
        metadata: Some([("order".to_string(), "6735".to_string())].into_iter().collect()),
        shipping: Some(ChargesCreateChargeShipping {
            name: Some("Ada Lovelace".into()),
            address: Some(ChargesCreateChargeShippingAddress { city: Some("London".into()), line1: None }),
        }),
        items: Some(vec![
            ChargesCreateChargeItemsItem { price: Some("price_1".into()), quantity: Some(2) },
            ChargesCreateChargeItemsItem { price: Some("price_2".into()), quantity: None },
        ]),
        expand: Some(vec!["customer".into()]),
    };
    client(&server).charges().create_charge(&form).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "amount=2000&metadata%5Border%5D=6735&shipping%5Bname%5D=Ada+Lovelace&shipping%5Baddress%5D%5Bcity%5D=London\
         &items%5B0%5D%5Bprice%5D=price_1&items%5B0%5D%5Bquantity%5D=2&items%5B1%5D%5Bprice%5D=price_2&expand%5B0%5D=customer"
    );
}

#[tokio::test]
async fn form_body_without_fields_sends_no_body() {
    let server = no_content_server().await;
    client(&server).charges().list_charges().await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].method, "GET");
    assert!(requests[0].body.is_empty());
    assert_eq!(requests[0].header("content-type"), None);
}

#[test]
fn empty_groups_are_not_generated() {
    let groups = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/requests/src/groups");
    assert!(groups.join("charges.rs").is_file());
    assert!(!groups.join("legacy.rs").exists());
}

#[tokio::test]
async fn optional_binary_body() {
    let server = no_content_server().await;
    let blobs = client(&server);
    blobs.blobs().put_blob(Some(reqwest::Body::from(vec![7u8; 3]))).await.unwrap();
    blobs.blobs().put_blob(None).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].header("content-type"), Some("application/octet-stream"));
    assert_eq!(requests[0].body, [7, 7, 7]);
    assert!(requests[1].body.is_empty());
}

#[test]
fn generation_warnings() {
    let spec = std::path::Path::new("fixtures/requests.yaml");
    let generated = openapi_gen::generate(spec, &openapi_gen::Settings::default()).unwrap();
    let messages: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(messages.join("\n"));
    assert!(
        generated.warnings.iter().all(|warning| warning.severity == openapi_gen::Severity::Warning),
        "{messages:?}"
    );
}

#[test]
fn group_without_operations_is_left_out() {
    let spec = std::path::Path::new("fixtures/requests.yaml");
    let generated = openapi_gen::generate(spec, &openapi_gen::Settings::default()).unwrap();
    let paths: Vec<&str> = generated.files.iter().map(|file| file.path.as_str()).collect();
    assert!(paths.contains(&"src/groups/shelves.rs"), "{paths:?}");
    assert!(!paths.contains(&"src/groups/archive.rs"), "{paths:?}");
}

#[tokio::test]
async fn json_variant_media_type_is_the_content_type() {
    let server = no_content_server().await;
    let patch = requests_fixture::models::BlobsPatchBlobRequest { label: Some(None) };
    client(&server).blobs().patch_blob("b1", &patch).await.unwrap();

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "PATCH");
    assert_eq!(sent.uri, "/blobs/b1");
    assert_eq!(sent.header_values("content-type"), ["application/merge-patch+json"]);
    assert_eq!(sent.body, br#"{"label":null}"#);
}
