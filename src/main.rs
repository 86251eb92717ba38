fn main() {
    println!("saywho: under construction");
}
